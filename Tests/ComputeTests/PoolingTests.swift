import Compute
import Testing

private struct MaxPoolCase: Decodable {
    var name: String
    var input: StoredTensor
    var kernel: Int
    var stride: Int
    var padding: Int
    var output: StoredTensor
}

private struct PoolingFixture: Decodable {
    struct Average: Decodable {
        var input: StoredTensor
        var output: StoredTensor
    }
    var max: [MaxPoolCase]
    var global_average: Average
}

@Suite struct PoolingTests {
    @Test func maxPoolMatchesPyTorch() throws {
        for c in try loadFixture("pooling.json", as: PoolingFixture.self).max {
            let y = maxPool2d(input: c.input.tensor, kernel: c.kernel, stride: c.stride, padding: c.padding)
            #expect(y.shape == c.output.shape, "\(c.name)")
            #expect(y.storage == c.output.values, "\(c.name)")
        }
    }

    @Test func globalAverageMatchesPyTorchInBothLayouts() throws {
        let f = try loadFixture("pooling.json", as: PoolingFixture.self).global_average
        let nchw = globalAveragePool(input: f.input.tensor)
        #expect(nchw.shape == f.output.shape)
        expectClose(nchw.storage, f.output.values, rtol: 1e-5, atol: 1e-6)
        let cm = globalAveragePool(input: f.input.tensor.swappingFirstTwoDimensions(), layout: .channelMajor)
        #expect(cm.shape == f.output.shape)
        expectClose(cm.storage, f.output.values, rtol: 1e-5, atol: 1e-6)
    }

    @Test func stemPoolHandComputed() {
        // 4x4 ramp, 3x3/2 pad 1 -> 2x2 maxima of the windows.
        let x = Tensor(shape: [1, 1, 4, 4], storage: (0..<16).map(Float.init))
        #expect(maxPool2d(input: x, kernel: 3, stride: 2, padding: 1).storage == [5, 7, 13, 15])
        #expect(maxPool2d(input: x, kernel: 1, stride: 2).storage == [0, 2, 8, 10])
    }

    /// The separable pooling against PyTorch's scan written out plainly (each window in
    /// row-major order, a larger value or a NaN replacing the maximum) on random maps with
    /// NaNs, infinities and signed zeros, every kernel, stride and padding the detector uses
    /// and a few more, down to 1x1 maps.
    @Test func separablePoolingMatchesTheScanBitForBit() {
        var state: UInt32 = 11
        func next() -> Float {
            state = state &* 1_664_525 &+ 1_013_904_223
            switch state >> 28 {
            case 0: return .nan
            case 1: return 0
            case 2: return -0.0
            case 3: return -.infinity
            default: return Float(Int(state >> 20) % 7) - 3
            }
        }
        for (h, w) in [(1, 1), (2, 3), (5, 7), (8, 8), (13, 6), (3, 2), (4, 9), (7, 1), (1, 33), (128, 128), (31, 67)] {
            let x = Tensor(shape: [2, 3, h, w], storage: (0..<(6 * h * w)).map { _ in next() })
            for (kernel, stride, padding) in [(3, 2, 1), (1, 2, 0), (3, 1, 1), (2, 2, 0), (3, 3, 0), (5, 2, 2)] {
                guard h + 2 * padding >= kernel && w + 2 * padding >= kernel else { continue }
                let y = maxPool2d(input: x, kernel: kernel, stride: stride, padding: padding)
                let expected = scanPool(x, kernel: kernel, stride: stride, padding: padding)
                #expect(y.shape == expected.shape)
                #expect(y.storage.map(\.bitPattern) == expected.storage.map(\.bitPattern),
                        "\(h)x\(w) kernel \(kernel) stride \(stride) padding \(padding)")
            }
        }
    }

    /// Which NaN comes out, when a window holds several with different payloads, is the scan's
    /// too (the last one in row-major order): the stem's kernel and odd sizes, NaN-dense maps.
    @Test func poolingKeepsTheScansNaNPayloads() {
        var state: UInt32 = 29
        func next() -> Float {
            state = state &* 1_664_525 &+ 1_013_904_223
            let r = state >> 24
            return r < 96 ? Float(nan: r, signaling: false) : Float(Int(r % 5)) - 2
        }
        for (h, w) in [(1, 2), (3, 3), (6, 5), (17, 32), (64, 64)] {
            let x = Tensor(shape: [1, 4, h, w], storage: (0..<(4 * h * w)).map { _ in next() })
            for (kernel, stride, padding) in [(3, 2, 1), (1, 2, 0), (3, 1, 1), (2, 2, 1)] {
                guard h + 2 * padding >= kernel && w + 2 * padding >= kernel else { continue }
                let y = maxPool2d(input: x, kernel: kernel, stride: stride, padding: padding)
                let expected = scanPool(x, kernel: kernel, stride: stride, padding: padding)
                #expect(y.storage.map(\.bitPattern) == expected.storage.map(\.bitPattern),
                        "\(h)x\(w) kernel \(kernel) stride \(stride) padding \(padding)")
            }
        }
    }

    /// PyTorch's CPU max pooling: each window scanned row by row.
    private func scanPool(_ x: Tensor, kernel: Int, stride: Int, padding: Int) -> Tensor {
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (ho, wo) = ((h + 2 * padding - kernel) / stride + 1, (w + 2 * padding - kernel) / stride + 1)
        var out = [Float]()
        for plane in 0..<(n * c) {
            for oy in 0..<ho {
                for ox in 0..<wo {
                    var best = -Float.infinity
                    for y in max(oy * stride - padding, 0)..<min(oy * stride - padding + kernel, h) {
                        for x0 in max(ox * stride - padding, 0)..<min(ox * stride - padding + kernel, w) {
                            let v = x.storage[plane * h * w + y * w + x0]
                            if v > best || v.isNaN { best = v }
                        }
                    }
                    out.append(best)
                }
            }
        }
        return Tensor(shape: [n, c, ho, wo], storage: out)
    }
}
