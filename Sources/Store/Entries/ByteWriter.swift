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
    /// `values` as byte planes (every value's first byte, then every second byte, ...): the
    /// high bytes of small scores and the exponents of deltas repeat, which deflate then
    /// finds (the shuffle filter of HDF5 and Blosc).
    mutating func appendPlanes(_ values: [UInt16]) {
        for shift in [0, 8] as [UInt16] { append(raw: values.map { UInt8(truncatingIfNeeded: $0 >> shift) }) }
    }

    /// `values` (their IEEE bits) as four byte planes.
    mutating func appendPlanes(_ values: [Float]) {
        for shift in [0, 8, 16, 24] as [UInt32] { append(raw: values.map { UInt8(truncatingIfNeeded: $0.bitPattern >> shift) }) }
    }
}

extension ByteWriter {
    /// The low 24 bits of each value as three byte planes.
    mutating func append24BitPlanes(_ values: [Int32]) {
        for shift in [0, 8, 16] as [Int32] { append(raw: values.map { UInt8(truncatingIfNeeded: $0 >> shift) }) }
    }
}
