/// Little-endian values appended to a byte buffer: how entries are written.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ value: Float) { append(value.bitPattern) }
    mutating func append(_ value: Double) { append(value.bitPattern) }

    mutating func append(_ values: [Float]) {
        bytes.reserveCapacity(bytes.count + values.count * 4)
        for value in values { append(value.bitPattern) }
    }

    mutating func append(raw: [UInt8]) { bytes.append(contentsOf: raw) }
}

extension ByteWriter {
    /// The low `width` bytes of each value as byte planes (every value's first byte, then
    /// every second byte, ...): the high bytes of small scores and deltas repeat, which
    /// deflate then finds (the shuffle filter of HDF5 and Blosc).
    mutating func appendPlanes(_ values: [UInt32], width: Int) {
        for plane in 0..<width { append(raw: values.map { UInt8(truncatingIfNeeded: $0 >> UInt32(8 * plane)) }) }
    }

    /// 16-bit values as two byte planes.
    mutating func appendPlanes(_ values: [UInt16]) {
        appendPlanes(values.map(UInt32.init), width: 2)
    }

    /// The low 24 bits of each value as three byte planes.
    mutating func append24BitPlanes(_ values: [Int32]) {
        appendPlanes(values.map { UInt32(bitPattern: $0) }, width: 3)
    }
}
