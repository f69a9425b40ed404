import Compute

/// The RPN head shared over P2..P6: 3x3 conv + ReLU, then 1x1 objectness logits (A per
/// location) and 1x1 deltas (4A).
struct RPNHead: Sendable {
    let conv: FoldedConv
    let classifier: FoldedConv
    let regressor: FoldedConv

    init(_ source: WeightSource, config: ModelConfig) throws {
        let a = config.anchorsPerLocation, f = config.rpnFeatChannels, eps = config.bnEpsilon
        conv = try FoldedConv(source, conv: "rpn_head.rpn_conv", batchNorm: nil, outChannels: f,
                              inChannels: config.fpnChannels, kernel: 3, hasBias: true, epsilon: eps)
        classifier = try FoldedConv(source, conv: "rpn_head.rpn_cls", batchNorm: nil, outChannels: a,
                                    inChannels: f, kernel: 1, hasBias: true, epsilon: eps)
        regressor = try FoldedConv(source, conv: "rpn_head.rpn_reg", batchNorm: nil, outChannels: 4 * a,
                                   inChannels: f, kernel: 1, hasBias: true, epsilon: eps)
    }

    /// Objectness logits [1, A, H, W] and deltas [1, 4A, H, W] for one level.
    func callAsFunction(_ p: Tensor) -> (logits: Tensor, deltas: Tensor) {
        let t = conv(p, relu: true)
        return (classifier(t), regressor(t))
    }
}
