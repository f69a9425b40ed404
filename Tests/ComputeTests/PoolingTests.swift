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
}
