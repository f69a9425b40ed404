/// A minimal reader for stored (uncompressed) zip archives such as PyTorch's, reading the
/// central directory (with ZIP64 end records and extra fields) so every entry can be used
/// in place from the memory map.
struct ZipArchive {
    /// One archive member.
    struct Entry {
        let name: String
        /// 0 = stored; anything else is compressed.
        let method: UInt16
        /// Byte offset of the entry's data within the file.
        let dataOffset: Int
        let size: Int
    }

    /// The signature of a local file header, "PK\u{3}\u{4}" (the first bytes of an archive).
    static let localHeaderSignature: UInt32 = 0x0403_4B50

    let entries: [Entry]
    private let byName: [String: Int]

    init(bytes: UnsafeRawBufferPointer, file: String, limits: CheckpointLimits) throws(CheckpointError) {
        func bad(_ what: String) -> CheckpointError {
            CheckpointError(.badHeader, file: file, "malformed zip archive: \(what)")
        }
        func truncated(_ what: String) -> CheckpointError {
            CheckpointError(.truncated, file: file,
                            "the zip archive is truncated (\(what)); download or copy the file again")
        }
        // End of central directory: 22 bytes plus a comment of up to 65535 bytes at the end.
        var eocd = -1
        var i = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 65535)
        while i >= lowest {
            if bytes.littleEndian(UInt32.self, at: i) == 0x0605_4B50 { eocd = i; break }
            i -= 1
        }
        guard eocd >= 0 else { throw truncated("no end-of-central-directory record") }
        guard let count16 = bytes.littleEndian(UInt16.self, at: eocd + 10),
              let size32 = bytes.littleEndian(UInt32.self, at: eocd + 12),
              let offset32 = bytes.littleEndian(UInt32.self, at: eocd + 16)
        else { throw truncated("short end record") }
        var entryCount = UInt64(count16), cdSize = UInt64(size32), cdOffset = UInt64(offset32)
        // ZIP64: a locator sits right before the end record and points at the ZIP64 end record.
        if count16 == 0xFFFF || size32 == 0xFFFF_FFFF || offset32 == 0xFFFF_FFFF,
           bytes.littleEndian(UInt32.self, at: eocd - 20) == 0x0706_4B50 {
            guard let recordOffset = bytes.littleEndian(UInt64.self, at: eocd - 12),
                  let ro = Int(exactly: recordOffset),
                  bytes.littleEndian(UInt32.self, at: ro) == 0x0606_4B50,
                  let n = bytes.littleEndian(UInt64.self, at: ro + 32),
                  let s = bytes.littleEndian(UInt64.self, at: ro + 40),
                  let o = bytes.littleEndian(UInt64.self, at: ro + 48)
            else { throw bad("bad ZIP64 end record") }
            (entryCount, cdSize, cdOffset) = (n, s, o)
        }
        guard entryCount <= UInt64(limits.maxZipEntries) else {
            throw CheckpointError(.limitExceeded, file: file,
                                  "zip archive with \(entryCount) entries exceeds CheckpointLimits.maxZipEntries")
        }
        guard let cdStart = Int(exactly: cdOffset), let cdLength = Int(exactly: cdSize),
              bytes.contains(offset: cdStart, length: cdLength)
        else { throw truncated("central directory outside the file") }

        var entries: [Entry] = []
        var byName: [String: Int] = [:]
        var p = cdStart
        for _ in 0 ..< Int(entryCount) {
            guard bytes.littleEndian(UInt32.self, at: p) == 0x0201_4B50,
                  let flags = bytes.littleEndian(UInt16.self, at: p + 8),
                  let method = bytes.littleEndian(UInt16.self, at: p + 10),
                  let compressed32 = bytes.littleEndian(UInt32.self, at: p + 20),
                  let size32 = bytes.littleEndian(UInt32.self, at: p + 24),
                  let nameLength = bytes.littleEndian(UInt16.self, at: p + 28),
                  let extraLength = bytes.littleEndian(UInt16.self, at: p + 30),
                  let commentLength = bytes.littleEndian(UInt16.self, at: p + 32),
                  let local32 = bytes.littleEndian(UInt32.self, at: p + 42),
                  let nameBytes = bytes.slice(offset: p + 46, length: Int(nameLength)),
                  let extra = bytes.slice(offset: p + 46 + Int(nameLength), length: Int(extraLength))
            else { throw bad("bad central directory entry") }
            guard flags & 1 == 0 else { throw bad("encrypted entry") }
            var size = UInt64(size32), compressed = UInt64(compressed32), local = UInt64(local32)
            // ZIP64 extra field (id 1): 8-byte values for each 32-bit field saturated at 0xFFFFFFFF,
            // in the order uncompressed size, compressed size, local header offset.
            var e = 0
            while e + 4 <= extra.count {
                guard let id = extra.littleEndian(UInt16.self, at: e),
                      let len = extra.littleEndian(UInt16.self, at: e + 2) else { break }
                if id == 1 {
                    var q = e + 4
                    func next() -> UInt64? {
                        defer { q += 8 }
                        return q + 8 <= e + 4 + Int(len) ? extra.littleEndian(UInt64.self, at: q) : nil
                    }
                    if size32 == 0xFFFF_FFFF { guard let v = next() else { throw bad("short ZIP64 field") }; size = v }
                    if compressed32 == 0xFFFF_FFFF { guard let v = next() else { throw bad("short ZIP64 field") }; compressed = v }
                    if local32 == 0xFFFF_FFFF { guard let v = next() else { throw bad("short ZIP64 field") }; local = v }
                }
                e += 4 + Int(len)
            }
            let name = String(decoding: nameBytes, as: UTF8.self)
            // The data starts after the LOCAL header, whose name/extra lengths may differ.
            guard let localOffset = Int(exactly: local),
                  bytes.littleEndian(UInt32.self, at: localOffset) == Self.localHeaderSignature,
                  let localName = bytes.littleEndian(UInt16.self, at: localOffset + 26),
                  let localExtra = bytes.littleEndian(UInt16.self, at: localOffset + 28)
            else { throw truncated("local header of \(name) missing") }
            let dataOffset = localOffset + 30 + Int(localName) + Int(localExtra)
            guard let dataSize = Int(exactly: method == 0 ? size : compressed),
                  bytes.contains(offset: dataOffset, length: dataSize)
            else { throw truncated("data of \(name) past the end of the file") }
            byName[name] = entries.count
            entries.append(Entry(name: name, method: method, dataOffset: dataOffset, size: dataSize))
            p += 46 + Int(nameLength) + Int(extraLength) + Int(commentLength)
        }
        self.entries = entries
        self.byName = byName
    }

    /// The entry with exactly this name.
    func entry(named name: String) -> Entry? {
        byName[name].map { entries[$0] }
    }
}
