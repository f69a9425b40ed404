/// Bounds-checked little-endian reads from untrusted bytes: every accessor returns nil
/// instead of reading outside the buffer.
extension UnsafeRawBufferPointer {
    /// The little-endian integer of type `T` at `offset`, or nil if it does not fit.
    @inline(__always)
    func littleEndian<T: FixedWidthInteger>(_: T.Type, at offset: Int) -> T? {
        guard offset >= 0, offset <= count - MemoryLayout<T>.size else { return nil }
        return T(littleEndian: loadUnaligned(fromByteOffset: offset, as: T.self))
    }

    /// Whether `[offset, offset + length)` lies inside the buffer (overflow-safe).
    @inline(__always)
    func contains(offset: Int, length: Int) -> Bool {
        offset >= 0 && length >= 0 && offset <= count && length <= count - offset
    }

    /// The bytes in `[offset, offset + length)`, or nil if out of range.
    func slice(offset: Int, length: Int) -> UnsafeRawBufferPointer? {
        guard contains(offset: offset, length: length) else { return nil }
        return UnsafeRawBufferPointer(rebasing: self[offset ..< offset + length])
    }
}
