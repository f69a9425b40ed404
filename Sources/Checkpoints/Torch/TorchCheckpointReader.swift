/// Reads PyTorch's zip checkpoints (torch.save since 1.6): `<prefix>/data.pkl` plus one
/// stored entry per storage at `<prefix>/data/<key>`, used in place from the memory map.
enum TorchCheckpointReader {
    /// Whether the bytes start like a zip archive; torch.save writes one since PyTorch 1.6.
    static func matches(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.littleEndian(UInt32.self, at: 0) == ZipArchive.localHeaderSignature
    }

    static func read(_ bytes: UnsafeRawBufferPointer, file: String,
                     limits: CheckpointLimits) throws(CheckpointError) -> LoadedTensors {
        let archive = try ZipArchive(bytes: bytes, file: file, limits: limits)
        guard let pkl = archive.entries.first(where: { $0.name == "data.pkl" || $0.name.hasSuffix("/data.pkl") }) else {
            throw CheckpointError(.badHeader, file: file, "zip archive without data.pkl: not a PyTorch checkpoint")
        }
        let prefix = String(pkl.name.dropLast("data.pkl".count))
        if let order = archive.entry(named: prefix + "byteorder"), order.method == 0,
           let raw = bytes.slice(offset: order.dataOffset, length: order.size),
           String(decoding: raw, as: UTF8.self) == "big" {
            throw CheckpointError(.badHeader, file: file, "big-endian checkpoint; re-save it on a little-endian machine")
        }
        guard pkl.method == 0 else { throw compressed(pkl.name, file) }
        guard let pickle = bytes.slice(offset: pkl.dataOffset, length: pkl.size) else {
            throw CheckpointError(.truncated, file: file, "data.pkl runs past the end of the file")
        }
        var machine = PickleMachine(bytes: pickle, file: file, limits: limits)
        defer { machine.releaseContainers() }
        let top = try machine.run(from: 0).value
        let sd = try PickledStateDict(top: top, file: file, limits: limits)

        var out = LoadedTensors(metadata: sd.metadata, classNames: sd.classNames)
        out.layouts.reserveCapacity(sd.tensors.count)
        for (name, t) in sd.tensors {
            let entryName = prefix + "data/" + t.storage.key
            guard let entry = archive.entry(named: entryName) else {
                throw CheckpointError(.truncated, file: file, tensor: name,
                                      "its storage \(entryName) is missing from the archive")
            }
            guard entry.method == 0 else { throw compressed(entry.name, file) }
            let present = entry.size / t.storage.dtype.byteSize
            guard t.storage.elementCount <= present else {
                throw CheckpointError(.outOfRange, file: file, tensor: name,
                                      "the storage claims \(t.storage.elementCount) elements but \(entryName) holds \(present)")
            }
            out.layouts.append(try TensorLayout.validated(
                name: name, dtype: t.storage.dtype, shape: t.shape, strides: t.strides, offset: t.offset,
                storageStart: entry.dataOffset, storageElements: t.storage.elementCount,
                fileSize: bytes.count, file: file, limits: limits))
        }
        return out
    }

    private static func compressed(_ entry: String, _ file: String) -> CheckpointError {
        CheckpointError(.compressedEntry, file: file,
                        "zip entry \(entry) is compressed; PyTorch writes stored entries only. "
                            + "Re-save with torch.save (or re-zip with `zip -0`) so the weights can be memory-mapped")
    }
}
