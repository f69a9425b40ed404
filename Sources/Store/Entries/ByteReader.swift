/// A bounded little-endian cursor over an entry's bytes: every read past the end, and every
/// count that cannot fit in what is left, is an ``EntryDamage`` rather than a crash.
struct ByteReader {
    private let bytes: [UInt8]
    private(set) var offset: Int

    init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var remaining: Int { bytes.count - offset }

    @inline(__always)
    mutating func read<T: FixedWidthInteger>(_: T.Type, _ what: @autoclosure () -> String) throws(EntryDamage) -> T {
        let size = MemoryLayout<T>.size
        guard remaining >= size else { throw .truncated(what()) }
        let value = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: T.self) }
        offset += size
        return T(littleEndian: value)
    }

    @inline(__always)
    mutating func readFloat(_ what: @autoclosure () -> String) throws(EntryDamage) -> Float {
        Float(bitPattern: try read(UInt32.self, what()))
    }

    mutating func readDouble(_ what: String) throws(EntryDamage) -> Double {
        Double(bitPattern: try read(UInt64.self, what))
    }

    /// A count of items of `itemSize` bytes each, checked against what is left.
    mutating func readCount(_ what: String, itemSize: Int, limit: Int = Int(Int32.max)) throws(EntryDamage) -> Int {
        let count = Int(try read(UInt32.self, what))
        guard count <= limit, count * max(1, itemSize) <= remaining else { throw .implausible("\(what) \(count)") }
        return count
    }

    mutating func readFloats(_ count: Int, _ what: String) throws(EntryDamage) -> [Float] {
        guard count >= 0, count * 4 <= remaining else { throw .truncated(what) }
        var out = [Float](repeating: 0, count: count)
        out.withUnsafeMutableBytes { target in
            bytes.withUnsafeBytes { source in
                target.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<(offset + count * 4)]))
            }
        }
        // Entries are little-endian; so is every machine Swift on Linux runs on, but say so.
        if UInt32(littleEndian: 1) != 1 { out = out.map { Float(bitPattern: $0.bitPattern.byteSwapped) } }
        offset += count * 4
        return out
    }

    mutating func readBytes(_ count: Int, _ what: String) throws(EntryDamage) -> ArraySlice<UInt8> {
        guard count >= 0, count <= remaining else { throw .truncated(what) }
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }
}

extension ByteReader {
    /// `count` values written by ``ByteWriter/appendPlanes(_:width:)`` with `width` planes.
    mutating func readPlanes(_ count: Int, width: Int, _ what: String) throws(EntryDamage) -> [UInt32] {
        var bits = [UInt32](repeating: 0, count: count)
        for plane in 0..<width {
            let bytes = try readBytes(count, what)
            var i = bytes.startIndex
            for j in 0..<count {
                bits[j] |= UInt32(bytes[i]) << UInt32(8 * plane)
                i += 1
            }
        }
        return bits
    }

    /// `count` values written by ``ByteWriter/appendPlanes(_:)``.
    mutating func readPlanes16(_ count: Int, _ what: String) throws(EntryDamage) -> [UInt16] {
        try readPlanes(count, width: 2, what).map { UInt16(truncatingIfNeeded: $0) }
    }

    /// `count` numbers written by ``ByteWriter/append24BitPlanes(_:)``, sign-extended.
    mutating func read24BitPlanes(_ count: Int, _ what: String) throws(EntryDamage) -> [Int32] {
        try readPlanes(count, width: 3, what).map { Int32(bitPattern: $0 << 8) >> 8 }
    }
}
