/// Reads PyTorch's legacy (pre-1.6, non-zip) checkpoints: a stream of pickles (magic number,
/// protocol, sys_info, the object, the storage keys) followed, per key, by an 8-byte
/// little-endian element count and the raw little-endian elements.
enum LegacyTorchReader {
    /// torch.serialization.MAGIC_NUMBER, 0x1950a86a20f9469cfc6c, little-endian.
    static let magic: [UInt8] = [0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19]

    /// Whether the bytes start with the pickled magic number (PROTO n, LONG1 10, magic).
    static func matches(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count >= 14, bytes[0] == PickleOpcode.proto.rawValue,
              bytes[2] == PickleOpcode.long1.rawValue, bytes[3] == UInt8(magic.count) else { return false }
        return (0 ..< 10).allSatisfy { bytes[4 + $0] == magic[$0] }
    }

    static func read(_ bytes: UnsafeRawBufferPointer, file: String,
                     limits: CheckpointLimits) throws(CheckpointError) -> LoadedTensors {
        var machine = PickleMachine(bytes: bytes, file: file, limits: limits)
        defer { machine.releaseContainers() }
        let (magicValue, p1) = try machine.run(from: 0)
        guard case .bigInt(let m) = magicValue, m == magic else {
            throw CheckpointError(.badHeader, file: file, "bad legacy magic number: not a PyTorch checkpoint")
        }
        let (protocolValue, p2) = try machine.run(from: p1)
        guard protocolValue.int == 1001 else {
            throw CheckpointError(.badHeader, file: file, "unsupported legacy protocol version \(protocolValue.int.map(String.init) ?? "?")")
        }
        let (sysInfo, p3) = try machine.run(from: p2)
        if case .dict(let info) = sysInfo, case .bool(false) = info["little_endian"] {
            throw CheckpointError(.badHeader, file: file, "big-endian checkpoint; re-save it on a little-endian machine")
        }
        let (top, p4) = try machine.run(from: p3)
        let sd = try PickledStateDict(top: top, file: file, limits: limits)
        let (keysValue, p5) = try machine.run(from: p4)
        guard let keyItems = keysValue.sequence else {
            throw CheckpointError(.badHeader, file: file, "legacy storage key list missing")
        }

        // Each key's element size comes from the storages the object references (anywhere:
        // optimizer state in a training checkpoint has storages too).
        let dtypeOfKey = machine.storageTypes
        var storages: [String: (start: Int, count: Int)] = [:]
        var p = p5
        for item in keyItems {
            guard let key = item.string else {
                throw CheckpointError(.badHeader, file: file, "legacy storage key is not a string")
            }
            guard let dtype = dtypeOfKey[key] else {
                throw CheckpointError(.badHeader, file: file, "legacy storage \(key) is referenced by no pickled tensor, so its size is unknown")
            }
            guard let raw = bytes.littleEndian(Int64.self, at: p) else {
                throw CheckpointError(.truncated, file: file,
                                      "the file ends before storage \(key); it is truncated, copy it again")
            }
            guard raw >= 0, let count = Int(exactly: raw) else {
                throw CheckpointError(.badHeader, file: file, "negative element count for storage \(key)")
            }
            let (length, overflow) = count.multipliedReportingOverflow(by: dtype.byteSize)
            guard !overflow, bytes.contains(offset: p + 8, length: length) else {
                throw CheckpointError(.truncated, file: file,
                                      "storage \(key) (\(count) elements) runs past the end of the file; it is truncated, copy it again")
            }
            storages[key] = (p + 8, count)
            p += 8 + length
        }

        var out = LoadedTensors(metadata: sd.metadata, classNames: sd.classNames)
        out.layouts.reserveCapacity(sd.tensors.count)
        for (name, t) in sd.tensors {
            guard let s = storages[t.storage.key] else {
                throw CheckpointError(.badHeader, file: file, tensor: name,
                                      "its storage \(t.storage.key) is not in the storage key list")
            }
            let v = t.storage
            guard v.viewOffset <= s.count, v.viewCount <= s.count - v.viewOffset else {
                throw CheckpointError(.outOfRange, file: file, tensor: name,
                                      "storage view [\(v.viewOffset), +\(v.viewCount)) outside its storage of \(s.count) elements")
            }
            out.layouts.append(try TensorLayout.validated(
                name: name, dtype: v.dtype, shape: t.shape, strides: t.strides, offset: t.offset,
                storageStart: s.start + v.viewOffset * v.dtype.byteSize, storageElements: v.viewCount,
                fileSize: bytes.count, file: file, limits: limits))
        }
        return out
    }
}
