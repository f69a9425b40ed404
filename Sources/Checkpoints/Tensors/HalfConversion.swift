/// Contiguous IEEE halves to Floats in blocks the compiler vectorises: a model stored in
/// float16 (the demo model) is converted at every start, and converting one element at a
/// time through the general reader was most of its load time.
enum HalfConversion {
    /// Halves per block: a block holding a zero, subnormal, infinity or NaN is converted again
    /// one element at a time.
    static let block = 64

    /// Converts `count` little-endian halves at `source` into `target`, exactly as
    /// ``ElementConversion/float(half:)`` does each one.
    static func convert(_ source: UnsafeRawPointer, count: Int, into target: UnsafeMutablePointer<Float>) {
        var start = 0
        while start < count {
            let end = min(count, start + block)
            var special = false
            for k in start..<end {
                let h = UInt32(UInt16(littleEndian: source.loadUnaligned(fromByteOffset: 2 * k, as: UInt16.self)))
                let exponent = h & 0x7C00
                special = special || exponent == 0 || exponent == 0x7C00
                // A normal half moves its exponent bias from 15 to 127.
                target[k] = Float(bitPattern: ((h & 0x8000) &<< 16) | (((h & 0x7FFF) &<< 13) &+ (112 &<< 23)))
            }
            if special {
                for k in start..<end {
                    let h = UInt16(littleEndian: source.loadUnaligned(fromByteOffset: 2 * k, as: UInt16.self))
                    target[k] = ElementConversion.float(half: h)
                }
            }
            start = end
        }
    }
}
