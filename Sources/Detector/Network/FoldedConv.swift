import Compute

/// A convolution with any following BatchNorm folded into its weight and bias at load time:
/// w' = w * gamma / sqrt(var + eps), b' = beta - mean * gamma / sqrt(var + eps).
///
/// A 3x3 stride-1 convolution whose ``ConvolutionChoice`` (for the map it is expected to
/// sweep) is Winograd keeps only the transformed weights: the folded originals are dropped.
struct FoldedConv: Sendable {
    /// The weights in the form the chosen method reads.
    enum Kernel: Sendable {
        /// `[O, C, kh, kw]`, for im2col and GEMM.
        case direct(Tensor)
        case winograd(WinogradWeights)
    }

    let kernel: Kernel
    let bias: [Float]
    let stride: Int
    let padding: Int

    /// Loads `conv` (".weight" and, if `hasBias`, ".bias") and folds the BN at `batchNorm`.
    /// `expectedMap` (`[batch, height, width, calls per image]` of the input it will mostly
    /// see; calls default to 1) lets a 3x3 stride-1 convolution choose its method; without
    /// it, the convolution is direct.
    init(_ source: WeightSource, conv: String, batchNorm: String?, outChannels o: Int, inChannels i: Int,
         kernel k: Int, stride: Int = 1, padding: Int? = nil, hasBias: Bool = false, epsilon: Double,
         expectedMap: [Int]? = nil) throws {
        var w = try source.load("\(conv).weight", shape: [o, i, k, k])
        var b = hasBias ? try source.load("\(conv).bias", shape: [o]) : [Float](repeating: 0, count: o)
        if let batchNorm {
            let gamma = try source.load("\(batchNorm).weight", shape: [o])
            let beta = try source.load("\(batchNorm).bias", shape: [o])
            let mean = try source.load("\(batchNorm).running_mean", shape: [o])
            let variance = try source.load("\(batchNorm).running_var", shape: [o])
            let per = i * k * k
            for c in 0..<o {
                let scale = Double(gamma[c]) / (Double(variance[c]) + epsilon).squareRoot()
                for j in 0..<per { w[c * per + j] = Float(Double(w[c * per + j]) * scale) }
                b[c] = Float(Double(beta[c]) + (Double(b[c]) - Double(mean[c])) * scale)
            }
        }
        self.bias = b
        self.stride = stride
        self.padding = padding ?? k / 2
        let weight = Tensor(shape: [o, i, k, k], storage: w)
        var method = ConvolutionMethod.direct
        if k == 3, stride == 1, self.padding == 1, let map = expectedMap, map.count >= 3 {
            method = ConvolutionChoice.method(for: ConvolutionShape(inChannels: i, outChannels: o, batch: map[0],
                                                                    height: map[1], width: map[2]),
                                              callsPerImage: map.count > 3 ? map[3] : 1)
        }
        switch method {
        case .direct: kernel = .direct(weight)
        case .winograd(let tile): kernel = .winograd(WinogradWeights(weight: weight, tile: tile))
        }
    }

    /// relu?(conv(x) + bias + residual).
    func callAsFunction(_ x: Tensor, relu: Bool = false, residual: Tensor? = nil, layout: TensorLayout = .nchw) -> Tensor {
        switch kernel {
        case .direct(let weight):
            conv2d(input: x, weight: weight, bias: bias, stride: stride, padding: padding, relu: relu,
                   residual: residual, layout: layout)
        case .winograd(let weights):
            winogradConv2d(input: x, weights: weights, bias: bias, relu: relu, residual: residual, layout: layout)
        }
    }

    /// `residual = relu?(conv(x) + bias + residual)` in place: no output tensor of its own.
    func callAsFunction(_ x: Tensor, relu: Bool = false, addingInto residual: inout Tensor,
                        layout: TensorLayout = .nchw) {
        switch kernel {
        case .direct(let weight):
            conv2d(input: x, weight: weight, bias: bias, stride: stride, padding: padding, relu: relu,
                   addingInto: &residual, layout: layout)
        case .winograd(let weights):
            winogradConv2d(input: x, weights: weights, bias: bias, relu: relu, addingInto: &residual, layout: layout)
        }
    }
}

/// A fully connected layer, weight [out, in].
struct DenseLayer: Sendable {
    let weight: Tensor
    let bias: [Float]

    init(_ source: WeightSource, _ name: String, outFeatures o: Int, inFeatures i: Int) throws {
        weight = Tensor(shape: [o, i], storage: try source.load("\(name).weight", shape: [o, i]))
        bias = try source.load("\(name).bias", shape: [o])
    }

    func callAsFunction(_ x: Tensor, relu: Bool = false) -> Tensor {
        linear(input: x, weight: weight, bias: bias, relu: relu)
    }
}
