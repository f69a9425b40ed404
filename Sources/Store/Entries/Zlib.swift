import CZlib

/// zlib's deflate, inflate and CRC-32 over byte arrays.
enum Zlib {
    /// `bytes` deflated (zlib format) at `level` (1 fastest .. 9 smallest).
    static func compress(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8] {
        var size = compressBound(uLong(bytes.count))
        var out = [UInt8](repeating: 0, count: Int(size))
        let status = out.withUnsafeMutableBufferPointer { target in
            bytes.withUnsafeBufferPointer { source in
                compress2(target.baseAddress, &size, source.baseAddress, uLong(bytes.count), level)
            }
        }
        // compressBound guarantees room, so only memory exhaustion fails; keep the bytes then.
        guard status == Z_OK else { return [] }
        out.removeSubrange(Int(size)...)
        return out
    }

    /// `bytes` inflated; `expectedCount` is the size recorded when they were deflated.
    static func decompress(_ bytes: ArraySlice<UInt8>, expectedCount: Int) throws(EntryDamage) -> [UInt8] {
        guard expectedCount >= 0 else { throw .implausible("inflated size \(expectedCount)") }
        var size = uLong(expectedCount)
        var out = [UInt8](repeating: 0, count: max(1, expectedCount))
        let status = out.withUnsafeMutableBufferPointer { target in
            bytes.withUnsafeBufferPointer { source in
                uncompress(target.baseAddress, &size, source.baseAddress, uLong(source.count))
            }
        }
        switch status {
        case Z_OK: break
        case Z_BUF_ERROR: throw .compression("more data than the recorded \(expectedCount) bytes, or cut short")
        case Z_DATA_ERROR: throw .compression("corrupt data")
        case Z_MEM_ERROR: throw .compression("out of memory")
        default: throw .compression("zlib status \(status)")
        }
        guard Int(size) == expectedCount else { throw .compression("\(size) bytes, \(expectedCount) recorded") }
        return expectedCount == 0 ? [] : out
    }

    /// CRC-32 (ISO-HDLC, as zlib and gzip compute it).
    static func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        bytes.withUnsafeBufferPointer { UInt32(CZlib.crc32(0, $0.baseAddress, uInt($0.count))) }
    }
}
