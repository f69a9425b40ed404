import Compute

/// The RPN head shared over P2..P6: 3x3 conv + ReLU (two in torchvision v2), then 1x1
/// objectness logits (A per location) and 1x1 deltas (4A).
struct RPNHead: Sendable {
    let convs: [FoldedConv]
    let classifier: FoldedConv
    let regressor: FoldedConv

    init(_ source: WeightSource, config: ModelConfig) throws {
        let a = config.anchorsPerLocation, f = config.rpnFeatChannels, eps = config.bnEpsilon
        let names = StateDictNames(config.layout)
        convs = try (0..<config.rpnConvs).map { j in
            try FoldedConv(source, conv: names.rpnConv(j), batchNorm: nil, outChannels: f,
                           inChannels: j == 0 ? config.fpnChannels : f, kernel: 3, hasBias: true, epsilon: eps,
                           expectedMap: config.expectedMap(stride: 4))
        }
        classifier = try FoldedConv(source, conv: names.rpnClassifier, batchNorm: nil, outChannels: a,
                                    inChannels: f, kernel: 1, hasBias: true, epsilon: eps)
        regressor = try FoldedConv(source, conv: names.rpnRegressor, batchNorm: nil, outChannels: 4 * a,
                                   inChannels: f, kernel: 1, hasBias: true, epsilon: eps)
    }

    /// Objectness logits [1, A, H, W] and deltas [1, 4A, H, W] for one level.
    func callAsFunction(_ p: Tensor) -> (logits: Tensor, deltas: Tensor) {
        let t = convs.reduce(p) { x, conv in conv(x, relu: true) }
        return (classifier(t), regressor(t))
    }
}
