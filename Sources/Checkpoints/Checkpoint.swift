/// A loaded checkpoint: safetensors, PyTorch zip or PyTorch legacy, memory-mapped.
///
/// Opening validates every tensor's layout against the file, so later reads cannot fail
/// except for a missing name or a shape the caller did not expect. The mapping lives as
/// long as the checkpoint. Immutable, hence `Sendable`.
///
/// ```swift
/// let ckpt = try Checkpoint.open(path: "dh_faster_rcnn_r50_fpn_1x_coco.pth")
/// let w = try ckpt.floats("backbone.conv1.weight", expectingShape: [64, 3, 7, 7])
/// ```
public final class Checkpoint: Sendable {
    /// The path the checkpoint was opened from.
    public let path: String
    /// The container format, sniffed from the bytes.
    public let format: CheckpointFormat
    /// Tensor names in file order (pickle insertion order, or data order for safetensors).
    public let names: [String]
    /// safetensors `__metadata__`; for PyTorch files, the scalar entries of mmdetection's
    /// `meta` (config text, versions, epoch) as strings.
    public let metadata: [String: String]
    /// Class names: mmdetection `meta["CLASSES"]` or `meta["dataset_meta"]["classes"]`, or a
    /// JSON array in safetensors `__metadata__["classes"]`; nil when absent.
    public let classNames: [String]?
    /// The bounds the file was opened with.
    public let limits: CheckpointLimits

    private let file: MappedFile
    private let layouts: [String: TensorLayout]

    private init(path: String, format: CheckpointFormat, file: MappedFile, loaded: LoadedTensors,
                 limits: CheckpointLimits) {
        self.path = path
        self.format = format
        self.file = file
        self.limits = limits
        self.metadata = loaded.metadata
        self.classNames = loaded.classNames
        var layouts: [String: TensorLayout] = [:]
        var names: [String] = []
        for l in loaded.layouts where layouts[l.info.name] == nil {
            layouts[l.info.name] = l
            names.append(l.info.name)
        }
        self.names = names
        self.layouts = layouts
    }

    /// Opens and validates a checkpoint; the format is sniffed from the bytes, not the extension.
    public static func open(path: String, limits: CheckpointLimits = .default) throws(CheckpointError) -> Checkpoint {
        try open(file: MappedFile(path: path), limits: limits)
    }

    /// Reads a checkpoint held in memory (the bytes are copied); `name` stands for the file
    /// in error messages.
    public static func open(bytes: UnsafeRawBufferPointer, name: String,
                            limits: CheckpointLimits = .default) throws(CheckpointError) -> Checkpoint {
        try open(file: MappedFile(copying: bytes, name: name), limits: limits)
    }

    private static func open(file: MappedFile, limits: CheckpointLimits) throws(CheckpointError) -> Checkpoint {
        let path = file.path
        let bytes = file.bytes
        let format: CheckpointFormat
        let loaded: LoadedTensors
        if TorchCheckpointReader.matches(bytes) {
            format = .torchZip
            loaded = try TorchCheckpointReader.read(bytes, file: path, limits: limits)
        } else if LegacyTorchReader.matches(bytes) {
            format = .torchLegacy
            loaded = try LegacyTorchReader.read(bytes, file: path, limits: limits)
        } else if SafetensorsReader.matches(bytes) {
            format = .safetensors
            loaded = try SafetensorsReader.read(bytes, file: path, limits: limits)
        } else if bytes.count < 14 {
            throw CheckpointError(.truncated, file: path,
                                  "only \(bytes.count) bytes: too short for any checkpoint format; it is truncated or empty")
        } else {
            throw CheckpointError(.unknownFormat, file: path,
                                  "not a safetensors, PyTorch zip or PyTorch legacy checkpoint")
        }
        return Checkpoint(path: path, format: format, file: file, loaded: loaded, limits: limits)
    }

    /// Descriptions of all tensors in file order.
    public var tensors: [TensorInfo] {
        names.compactMap { layouts[$0]?.info }
    }

    /// The description of one tensor, or nil if the checkpoint has none of that name.
    public func tensor(named name: String) -> TensorInfo? {
        layouts[name]?.info
    }

    /// The tensor's values in contiguous C order, converted to Float (exact for F16/BF16).
    public func floats(_ name: String) throws(CheckpointError) -> [Float] {
        let (layout, storage) = try access(name)
        let n = layout.info.elementCount
        let dtype = layout.info.dtype
        if n == 0 { return [] }
        // The file's pages of this tensor are not needed once it is copied: a model's weights
        // are read once, and the checkpoint's pages would otherwise double them in memory.
        defer { file.releaseResidentPages(of: storage) }
        if layout.isContiguous && dtype == .f32 {
            // Fast path: one copy straight from the mapped file.
            return [Float](unsafeUninitializedCapacity: n) { out, initialized in
                let src = UnsafeRawBufferPointer(rebasing: storage[layout.offset * 4 ..< (layout.offset + n) * 4])
                UnsafeMutableRawBufferPointer(out).copyMemory(from: src)
                #if _endian(big)
                for i in 0 ..< n { out[i] = Float(bitPattern: UInt32(littleEndian: out[i].bitPattern)) }
                #endif
                initialized = n
            }
        }
        if layout.isContiguous && dtype == .f16, let base = storage.baseAddress {
            return [Float](unsafeUninitializedCapacity: n) { out, initialized in
                guard let target = out.baseAddress else { return }
                HalfConversion.convert(base + layout.offset * 2, count: n, into: target)
                initialized = n
            }
        }
        return layout.elements(of: storage, ElementConversion.float(_:_:_:))
    }

    /// Like ``floats(_:)``, but fails with `.shapeMismatch` unless the tensor has `shape`.
    public func floats(_ name: String, expectingShape shape: [Int]) throws(CheckpointError) -> [Float] {
        let info = try layout(name).info
        guard info.shape == shape else {
            throw CheckpointError(.shapeMismatch, file: path, tensor: name,
                                  "has shape \(info.shape) but \(shape) is needed; the checkpoint does not match the "
                                      + "architecture (check the model's config)")
        }
        return try floats(name)
    }

    /// The tensor's values in contiguous C order as Double (exact for every float dtype and
    /// for integers up to 2^53).
    public func doubles(_ name: String) throws(CheckpointError) -> [Double] {
        let (layout, storage) = try access(name)
        return layout.elements(of: storage, ElementConversion.double(_:_:_:))
    }

    /// Count, sum, mean, min and max of the tensor's values, in Float64.
    public func statistics(_ name: String) throws(CheckpointError) -> TensorStatistics {
        let (layout, storage) = try access(name)
        let dtype = layout.info.dtype
        var stats = TensorStatistics.Accumulator()
        layout.forEachStorageIndex { i in stats.add(ElementConversion.double(storage, i, dtype)) }
        return stats.result
    }

    /// Every tensor's shape by name (the first of any repeated name).
    public var shapes: [String: [Int]] {
        Dictionary(tensors.map { ($0.name, $0.shape) }, uniquingKeysWith: { a, _ in a })
    }

    // MARK: - Internals

    private func layout(_ name: String) throws(CheckpointError) -> TensorLayout {
        guard let l = layouts[name] else {
            throw CheckpointError(.missingTensor, file: path, tensor: name,
                                  "not in the checkpoint; is it the right model? (`dhscope weights \(path)` lists the tensors)")
        }
        return l
    }

    /// The layout and its storage's bytes (validated at open to lie inside the mapping;
    /// checked again here so that a bug elsewhere cannot turn into an out-of-bounds read).
    private func access(_ name: String) throws(CheckpointError) -> (TensorLayout, UnsafeRawBufferPointer) {
        let l = try layout(name)
        let (length, overflow) = l.storageElements.multipliedReportingOverflow(by: l.info.dtype.byteSize)
        guard !overflow, let bytes = file.bytes.slice(offset: l.storageStart, length: length) else {
            throw CheckpointError(.outOfRange, file: path, tensor: name, "storage outside the file")
        }
        return (l, bytes)
    }
}
