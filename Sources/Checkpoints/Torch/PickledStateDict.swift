/// The tensors and metadata found in an unpickled PyTorch checkpoint: either a bare
/// state_dict or mmdetection's {"meta": ..., "state_dict": ...} wrapper.
struct PickledStateDict {
    /// State-dict entries in file order.
    let tensors: [(name: String, reference: TensorReference)]
    /// The wrapper's "meta" dict, if any.
    let meta: PickleDict?

    init(top: PickleValue, file: String, limits: CheckpointLimits) throws(CheckpointError) {
        let root: PickleDict
        switch top {
        case .dict(let d): root = d
        case .opaque(let name):
            throw CheckpointError(.unknownGlobal, file: file,
                                  "the checkpoint is an object of type \(name), which this loader does not understand "
                                      + "(it was not executed); save model.state_dict() instead")
        default:
            throw CheckpointError(.noStateDict, file: file,
                                  "the checkpoint holds no dict of tensors; save model.state_dict() or convert to safetensors")
        }
        var stateDict = root
        var meta: PickleDict? = nil
        // mmdetection: {"meta", "state_dict", optimizer...}; others use "model".
        for key in ["state_dict", "model"] {
            if let d = root[key]?.dict {
                stateDict = d
                meta = root["meta"]?.dict
                break
            }
        }
        var tensors: [(String, TensorReference)] = []
        for (key, value) in stateDict.entries {
            guard case .string(let name) = key else { continue }
            switch value {
            case .tensor(let t):
                guard tensors.count < limits.maxTensorCount else { throw limits.tensorCountExceeded(file: file) }
                tensors.append((name, t))
            case .opaque(let global):
                throw CheckpointError(.unknownGlobal, file: file, tensor: name,
                                      "built from the unsupported global \(global) (not executed); "
                                          + "only plain tensors and nn.Parameters can be loaded")
            default:
                continue // non-tensor extras (None, ints) carry no weights
            }
        }
        // A dict with entries but no tensor among them is not a state_dict (an empty one is).
        if tensors.isEmpty && !stateDict.entries.isEmpty {
            throw CheckpointError(.noStateDict, file: file,
                                  "the checkpoint holds no tensors; save model.state_dict() or convert to safetensors")
        }
        self.tensors = tensors
        self.meta = meta
    }

    /// Class names from mmdetection meta: meta["CLASSES"] (v2) or meta["dataset_meta"]["classes"] (v3).
    var classNames: [String]? {
        guard let meta else { return nil }
        if let names = Self.strings(meta["CLASSES"]) { return names }
        if let dm = meta["dataset_meta"]?.dict, let names = Self.strings(dm["classes"]) { return names }
        return nil
    }

    /// The scalar entries of meta (config text, versions, epoch, ...) as strings.
    var metadata: [String: String] {
        guard let meta else { return [:] }
        var out: [String: String] = [:]
        for (key, value) in meta.entries {
            guard case .string(let k) = key else { continue }
            switch value {
            case .string(let s): out[k] = s
            case .int(let i): out[k] = String(i)
            case .float(let d): out[k] = String(d)
            case .bool(let b): out[k] = b ? "true" : "false"
            default: continue
            }
        }
        return out
    }

    private static func strings(_ v: PickleValue?) -> [String]? {
        guard let items = v?.sequence else { return nil }
        var out: [String] = []
        for item in items {
            guard let s = item.string else { return nil }
            out.append(s)
        }
        return out
    }
}

extension TensorLayout {
    /// Validates a tensor view against its storage so that reads can never leave it.
    ///
    /// - Parameters:
    ///   - storageStart: byte offset of storage element 0 in the file.
    ///   - storageElements: elements actually present in the file for this storage.
    static func validated(name: String, dtype: DType, shape: [Int], strides: [Int], offset: Int,
                          storageStart: Int, storageElements: Int, fileSize: Int,
                          file: String, limits: CheckpointLimits) throws(CheckpointError) -> TensorLayout {
        func outOfRange(_ what: String) -> CheckpointError {
            CheckpointError(.outOfRange, file: file, tensor: name,
                            "\(what); the file is corrupt or was crafted, re-export the checkpoint")
        }
        guard shape.count == strides.count else { throw outOfRange("size \(shape) and stride \(strides) differ in rank") }
        guard shape.count <= 32 else { throw outOfRange("rank \(shape.count) is implausible") }
        guard shape.allSatisfy({ $0 >= 0 }), strides.allSatisfy({ $0 >= 0 }), offset >= 0 else {
            throw outOfRange("negative size, stride or storage offset (\(shape), \(strides), \(offset))")
        }
        var count = 1
        var lastIndex = offset
        for (d, s) in zip(shape, strides) {
            // One dimension at a time: the element limit and stride overflow are checked in turn.
            count = try limits.elementCount(count, times: d, of: shape, tensor: name, file: file)
            if d > 0 {
                let (span, o2) = (d - 1).multipliedReportingOverflow(by: s)
                let (li, o3) = lastIndex.addingReportingOverflow(span)
                guard !o2, !o3 else { throw outOfRange("strides \(strides) overflow") }
                lastIndex = li
            }
        }
        let (storageBytes, o4) = storageElements.multipliedReportingOverflow(by: dtype.byteSize)
        guard !o4, storageStart >= 0, storageBytes <= fileSize - storageStart else {
            throw CheckpointError(.truncated, file: file, tensor: name,
                                  "storage data runs past the end of the file; it is truncated, copy it again")
        }
        if count > 0 {
            guard lastIndex < storageElements else {
                throw outOfRange("storage offset \(offset), size \(shape) and stride \(strides) reach element \(lastIndex) "
                                     + "but the storage holds \(storageElements)")
            }
        }
        // Zero strides could expand a tiny storage into a huge tensor: bound the expansion.
        guard count <= max(storageElements, 1 << 24) else {
            throw outOfRange("\(count) elements from a storage of \(storageElements)")
        }
        return TensorLayout(info: TensorInfo(name: name, dtype: dtype, shape: shape),
                            storageStart: storageStart, storageElements: storageElements,
                            offset: offset, strides: strides)
    }

    /// C-order strides for `shape`.
    static func contiguousStrides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var s = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[i] = s
            s = s &* max(shape[i], 1)
        }
        return strides
    }
}
