import Testing
@testable import Checkpoints

/// The block conversion of float16 tensors gives every half's exact value: checked against
/// Swift's own Float16 over all 65,536 bit patterns, from odd offsets and lengths so that
/// blocks mix normal numbers with zeros, subnormals, infinities and NaN.
@Suite struct HalfConversionTests {
    @Test func everyBitPatternConvertsExactly() {
        let patterns = (0...UInt16.max).map { $0 }
        let bytes = patterns.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        for (start, count) in [(0, patterns.count), (3, 1000), (31_744, 2048), (65_530, 6)] {
            var out = [Float](repeating: 0, count: count)
            bytes.withUnsafeBytes { raw in
                out.withUnsafeMutableBufferPointer { target in
                    guard let source = raw.baseAddress, let base = target.baseAddress else { return }
                    HalfConversion.convert(source + 2 * start, count: count, into: base)
                }
            }
            for k in 0..<count {
                let expected = Float(Float16(bitPattern: patterns[start + k]))
                if expected.isNaN {
                    #expect(out[k].isNaN && out[k].sign == expected.sign, "half \(patterns[start + k])")
                } else {
                    #expect(out[k].bitPattern == expected.bitPattern, "half \(patterns[start + k])")
                }
            }
        }
    }
}
