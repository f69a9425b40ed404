import Compute
import Testing

/// One convolution of the PyTorch fixture (Tests/ComputeTests/Fixtures), shared by the
/// convolution and Winograd tests.
struct ConvCase: Decodable {
    var name: String
    var input: StoredTensor
    var weight: StoredTensor
    var bias: [Float]?
    var residual: StoredTensor?
    var stride: Int
    var padding: Int
    var relu: Bool
    var output: StoredTensor
}

@Suite struct ConvolutionTests {
    @Test func matchesPyTorchInNCHW() throws {
        for c in try loadFixture("conv2d.json", as: [ConvCase].self) {
            let y = conv2d(input: c.input.tensor, weight: c.weight.tensor, bias: c.bias, stride: c.stride,
                           padding: c.padding, relu: c.relu, residual: c.residual?.tensor)
            #expect(y.shape == c.output.shape, "\(c.name)")
            expectClose(y.storage, c.output.values, c.name)
        }
    }

    @Test func matchesPyTorchInChannelMajorLayout() throws {
        for c in try loadFixture("conv2d.json", as: [ConvCase].self) {
            let y = conv2d(input: c.input.tensor.swappingFirstTwoDimensions(), weight: c.weight.tensor,
                           bias: c.bias, stride: c.stride, padding: c.padding, relu: c.relu,
                           residual: c.residual?.tensor.swappingFirstTwoDimensions(), layout: .channelMajor)
            let back = y.swappingFirstTwoDimensions()
            #expect(back.shape == c.output.shape, "\(c.name)")
            expectClose(back.storage, c.output.values, c.name)
        }
    }

    @Test func tinyColumnBudgetChunksWithoutChangingResults() throws {
        for c in try loadFixture("conv2d.json", as: [ConvCase].self) {
            for layout in [TensorLayout.nchw, .channelMajor] {
                let x = layout == .nchw ? c.input.tensor : c.input.tensor.swappingFirstTwoDimensions()
                let r = layout == .nchw ? c.residual?.tensor : c.residual?.tensor.swappingFirstTwoDimensions()
                let whole = conv2d(input: x, weight: c.weight.tensor, bias: c.bias, stride: c.stride,
                                   padding: c.padding, relu: c.relu, residual: r, layout: layout)
                let chunked = conv2d(input: x, weight: c.weight.tensor, bias: c.bias, stride: c.stride,
                                     padding: c.padding, relu: c.relu, residual: r, layout: layout, columnBudget: 1)
                expectClose(chunked.storage, whole.storage, rtol: 1e-5, atol: 1e-5, "\(c.name) \(layout)")
            }
        }
    }

    @Test func handComputedBoxFilter() {
        // 3x3 ones kernel, padding 1, on 1...9: centre = 45, corner = 1 + 2 + 4 + 5 = 12.
        let x = Tensor(shape: [1, 1, 3, 3], storage: (1...9).map(Float.init))
        let w = Tensor(shape: [1, 1, 3, 3], repeating: 1)
        let y = conv2d(input: x, weight: w, bias: [-1], padding: 1)
        #expect(y.shape == [1, 1, 3, 3])
        #expect(y.storage == [11, 20, 15, 26, 44, 32, 23, 38, 27])
        let strided = conv2d(input: x, weight: w, stride: 2, padding: 1, relu: true,
                             residual: Tensor(shape: [1, 1, 2, 2], storage: [0, -100, 1, 0]))
        #expect(strided.storage == [12, 0, 25, 28])
    }
}

/// Direct 6-loop convolution, the definition, for maps too large for fixtures.
func naiveConvolution(_ x: Tensor, _ w: Tensor, bias: [Float], stride: Int, padding: Int) -> Tensor {
    let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (o, kh, kw) = (w.shape[0], w.shape[2], w.shape[3])
    let ho = (h + 2 * padding - kh) / stride + 1
    let wo = (wd + 2 * padding - kw) / stride + 1
    var y = Tensor(shape: [n, o, ho, wo])
    for i in 0..<n {
        for oc in 0..<o {
            for oy in 0..<ho {
                for ox in 0..<wo {
                    var sum = Double(bias[oc])
                    for ic in 0..<c {
                        for ky in 0..<kh {
                            let iy = oy * stride - padding + ky
                            guard iy >= 0 && iy < h else { continue }
                            for kx in 0..<kw {
                                let ix = ox * stride - padding + kx
                                guard ix >= 0 && ix < wd else { continue }
                                sum += Double(x[i, ic, iy, ix]) * Double(w[oc, ic, ky, kx])
                            }
                        }
                    }
                    y[i, oc, oy, ox] = Float(sum)
                }
            }
        }
    }
    return y
}

@Suite struct LargeMapConvolutionTests {
    @Test(arguments: [(3, 1, 1), (3, 2, 1), (1, 2, 0), (7, 2, 3)])
    func rowChunkedPathMatchesDefinition(kernel: Int, stride: Int, padding: Int) {
        var state: UInt32 = 12345
        func next() -> Float {
            state = state &* 1_664_525 &+ 1_013_904_223
            return Float(state >> 8) / Float(1 << 24) - 0.5
        }
        let x = Tensor(shape: [1, 3, 67, 71], storage: (0..<(3 * 67 * 71)).map { _ in next() })
        let w = Tensor(shape: [4, 3, kernel, kernel], storage: (0..<(12 * kernel * kernel)).map { _ in next() })
        let bias: [Float] = [0.1, -0.2, 0.3, 0]
        let expected = naiveConvolution(x, w, bias: bias, stride: stride, padding: padding)
        for budget in [1, 5000, defaultColumnBudget] {
            let y = conv2d(input: x, weight: w, bias: bias, stride: stride, padding: padding, columnBudget: budget)
            #expect(y.shape == expected.shape)
            expectClose(y.storage, expected.storage, rtol: 1e-4, atol: 1e-5, "k\(kernel) s\(stride) budget \(budget)")
        }
    }
}
