import Compute

/// FPN: lateral 1x1 convs, nearest top-down upsampling, 3x3 output convs (each with a
/// BatchNorm in torchvision v2's, folded); P6 is a kernel-1 stride-2 max pool of P5
/// (torchvision's LastLevelMaxPool is the same).
struct FPNNeck: Sendable {
    let lateral: [FoldedConv]
    let output: [FoldedConv]

    init(_ source: WeightSource, config: ModelConfig) throws {
        let expansion = config.usesBottlenecks ? 4 : 1, names = StateDictNames(config.layout)
        var lateral: [FoldedConv] = [], output: [FoldedConv] = []
        for level in 0..<4 {
            let l = names.lateral(level), o = names.output(level)
            lateral.append(try FoldedConv(source, conv: l.conv, batchNorm: l.norm, outChannels: config.fpnChannels,
                                          inChannels: (config.baseWidth << level) * expansion, kernel: 1,
                                          hasBias: l.norm == nil, epsilon: config.bnEpsilon))
            output.append(try FoldedConv(source, conv: o.conv, batchNorm: o.norm, outChannels: config.fpnChannels,
                                         inChannels: config.fpnChannels, kernel: 3, hasBias: o.norm == nil,
                                         epsilon: config.bnEpsilon, expectedMap: config.expectedMap(stride: 4 << level)))
        }
        self.lateral = lateral
        self.output = output
    }

    /// P2..P6 from C2..C5, which it consumes: each C and each lateral map is released as
    /// soon as it is used and the top-down sums are made in place, so the neck (the
    /// detector's peak of memory) holds about one pyramid less than C, laterals and P at once.
    func callAsFunction(_ c: inout [Tensor]) -> [Tensor] {
        // Coarsest first, so the largest lateral is made when only its own C is left.
        var laterals = [Tensor](repeating: Tensor(shape: [0]), count: c.count)
        for level in c.indices.reversed() {
            laterals[level] = lateral[level](c[level])
            c[level] = Tensor(shape: [0])
        }
        for level in stride(from: laterals.count - 1, to: 0, by: -1) {
            addUpsampledNearest(laterals[level], into: &laterals[level - 1])
        }
        var p: [Tensor] = []
        for level in laterals.indices {
            p.append(output[level](laterals[level]))
            laterals[level] = Tensor(shape: [0])
        }
        if let p5 = p.last { p.append(maxPool2d(input: p5, kernel: 1, stride: 2)) }
        return p
    }
}
