import Compute

/// ResNet in mmdetection's "pytorch" style (the stride-2 on the 3x3 conv, as torchvision's
/// ResNet-50 "v1.5"), BN folded (torchvision's FrozenBatchNorm2d computes the same). Outputs C2..C5.
struct ResNetBackbone: Sendable {
    struct Block: Sendable {
        let convs: [FoldedConv]          // 2 (basic) or 3 (bottleneck)
        let downsample: FoldedConv?

        /// Replaces `x` by the block's output; the last conv adds into the identity in place.
        func callAsFunction(_ x: inout Tensor) {
            var y = x
            for conv in convs.dropLast() { y = conv(y, relu: true) }
            if let downsample { x = downsample(x) }
            convs.last?(y, relu: true, addingInto: &x)
        }
    }

    let stem: FoldedConv
    let stages: [[Block]]

    init(_ source: WeightSource, config: ModelConfig) throws {
        let eps = config.bnEpsilon, w = config.baseWidth, prefix = StateDictNames(config.layout).backbone
        stem = try FoldedConv(source, conv: "\(prefix)conv1", batchNorm: "\(prefix)bn1", outChannels: w, inChannels: 3,
                              kernel: 7, stride: 2, padding: 3, epsilon: eps)
        guard let counts = ModelConfig.stageBlocks(depth: config.depth) else {
            throw ConfigError("unsupported ResNet depth \(config.depth)")
        }
        let expansion = config.usesBottlenecks ? 4 : 1
        var inChannels = w
        var stages: [[Block]] = []
        for (s, count) in counts.enumerated() {
            let planes = w << s
            var blocks: [Block] = []
            for b in 0..<count {
                let p = "\(prefix)layer\(s + 1).\(b)"
                let stride = (b == 0 && s > 0) ? 2 : 1
                var convs: [FoldedConv] = []
                if config.usesBottlenecks {
                    convs.append(try FoldedConv(source, conv: "\(p).conv1", batchNorm: "\(p).bn1", outChannels: planes,
                                                inChannels: inChannels, kernel: 1, epsilon: eps))
                    convs.append(try FoldedConv(source, conv: "\(p).conv2", batchNorm: "\(p).bn2", outChannels: planes,
                                                inChannels: planes, kernel: 3, stride: stride, epsilon: eps,
                                                expectedMap: config.expectedMap(stride: 4 << s)))
                    convs.append(try FoldedConv(source, conv: "\(p).conv3", batchNorm: "\(p).bn3", outChannels: planes * 4,
                                                inChannels: planes, kernel: 1, epsilon: eps))
                } else {
                    convs.append(try FoldedConv(source, conv: "\(p).conv1", batchNorm: "\(p).bn1", outChannels: planes,
                                                inChannels: inChannels, kernel: 3, stride: stride, epsilon: eps,
                                                expectedMap: config.expectedMap(stride: 4 << s)))
                    convs.append(try FoldedConv(source, conv: "\(p).conv2", batchNorm: "\(p).bn2", outChannels: planes,
                                                inChannels: planes, kernel: 3, epsilon: eps,
                                                expectedMap: config.expectedMap(stride: 4 << s)))
                }
                var downsample: FoldedConv?
                if b == 0 && (stride != 1 || inChannels != planes * expansion) {
                    downsample = try FoldedConv(source, conv: "\(p).downsample.0", batchNorm: "\(p).downsample.1",
                                                outChannels: planes * expansion, inChannels: inChannels, kernel: 1,
                                                stride: stride, padding: 0, epsilon: eps)
                }
                blocks.append(Block(convs: convs, downsample: downsample))
                inChannels = planes * expansion
            }
            stages.append(blocks)
        }
        self.stages = stages
    }

    /// C2..C5 for a normalised, padded image [1, 3, H, W].
    func callAsFunction(_ image: Tensor) -> [Tensor] {
        var x = maxPool2d(input: stem(image, relu: true), kernel: 3, stride: 2, padding: 1)
        var outputs: [Tensor] = []
        for stage in stages {
            for block in stage { block(&x) }
            outputs.append(x)
        }
        return outputs
    }
}
