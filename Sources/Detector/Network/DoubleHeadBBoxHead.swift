import Compute

/// mmdetection's DoubleConvFCBBoxHead, plus the Double-Head-Ext outputs when present:
/// an fc branch (flatten, fcs + ReLU) giving class logits (and, for Ext, deltas) and a conv
/// branch (a residual block and bottlenecks on the 1.3x RoIs, average-pooled) giving deltas
/// (and, for Ext, class logits).
struct DoubleHeadBBoxHead: Sendable {
    struct Bottleneck: Sendable {
        let conv1: FoldedConv, conv2: FoldedConv, conv3: FoldedConv
    }

    let resConv1: FoldedConv
    let resConv2: FoldedConv
    let resIdentity: FoldedConv
    let bottlenecks: [Bottleneck]
    let fcs: [DenseLayer]
    let fcCls: DenseLayer
    let convReg: DenseLayer
    let convCls: DenseLayer?
    let fcReg: DenseLayer?
    /// Cells of a pooled RoI (7 x 7 for mmdetection's heads).
    let roiCells: Int

    /// Bytes one conv-branch activation may take; the RoIs per pass follow from it (about
    /// 240 for R50's 1024 channels, the whole of a small model's proposals in one pass, where
    /// a larger GEMM pays off).
    static let activationBudget = 48 << 20

    /// RoIs per pass through the conv branch for this head's width.
    var chunkSize: Int {
        let perRoI = max(1, convReg.weight.shape[1] * roiCells * MemoryLayout<Float>.size)
        return max(32, Self.activationBudget / perRoI)
    }

    /// RoIs per concurrent part for a conv branch `channels` wide: measured (`bench detect`
    /// with 8 to 100 RoIs per part) best near 16 for the demo model's 256 channels and near
    /// 50 for R50's 1024, where the GEMMs need more columns to run at speed.
    static func roisPerPart(channels: Int, cells: Int) -> Int {
        max(16, channels * cells / 1000)
    }

    /// How many concurrent parts the conv branch splits `roiCount` RoIs into: parts of
    /// ``roisPerPart(channels:cells:)`` RoIs, each running the whole branch on one core with
    /// single-threaded BLAS (measured faster than multi-threaded BLAS per layer on every
    /// width: no barrier per GEMM, activations in cache, cores balanced part by part).
    func concurrentParts(roiCount: Int, cores: Int) -> Int {
        guard cores > 1 else { return 1 }
        let perPart = Self.roisPerPart(channels: convReg.weight.shape[1], cells: roiCells)
        return max(1, (roiCount + perPart - 1) / perPart)
    }

    init(_ source: WeightSource, config: ModelConfig) throws {
        let h = "roi_head.bbox_head", f = config.fpnChannels, c = config.convOutChannels, eps = config.bnEpsilon
        roiCells = config.roiSize * config.roiSize
        // The RoIs one conv-branch call sees: a chunk, or a core's share of the proposals.
        let chunk = max(32, Self.activationBudget / max(1, c * roiCells * MemoryLayout<Float>.size))
        let perPart = Parallel.coreCount > 1 ? Self.roisPerPart(channels: c, cells: roiCells) : chunk
        let batch = max(1, min(chunk, perPart))
        let roiMap = [batch, config.roiSize, config.roiSize, max(1, config.rpnMaxPerImage / batch)]
        resConv1 = try FoldedConv(source, conv: "\(h).res_block.conv1.conv", batchNorm: "\(h).res_block.conv1.bn",
                                  outChannels: f, inChannels: f, kernel: 3, epsilon: eps, expectedMap: roiMap)
        resConv2 = try FoldedConv(source, conv: "\(h).res_block.conv2.conv", batchNorm: "\(h).res_block.conv2.bn",
                                  outChannels: c, inChannels: f, kernel: 1, epsilon: eps)
        resIdentity = try FoldedConv(source, conv: "\(h).res_block.conv_identity.conv",
                                     batchNorm: "\(h).res_block.conv_identity.bn", outChannels: c, inChannels: f,
                                     kernel: 1, epsilon: eps)
        bottlenecks = try (0..<config.numConvs).map { j in
            let p = "\(h).conv_branch.\(j)"
            return Bottleneck(
                conv1: try FoldedConv(source, conv: "\(p).conv1", batchNorm: "\(p).bn1", outChannels: c / 4,
                                      inChannels: c, kernel: 1, epsilon: eps),
                conv2: try FoldedConv(source, conv: "\(p).conv2", batchNorm: "\(p).bn2", outChannels: c / 4,
                                      inChannels: c / 4, kernel: 3, epsilon: eps, expectedMap: roiMap),
                conv3: try FoldedConv(source, conv: "\(p).conv3", batchNorm: "\(p).bn3", outChannels: c,
                                      inChannels: c / 4, kernel: 1, epsilon: eps))
        }
        var fcs: [DenseLayer] = []
        var inFeatures = f * config.roiSize * config.roiSize
        for j in 0..<config.numFcs {
            fcs.append(try DenseLayer(source, "\(h).fc_branch.\(j)", outFeatures: config.fcOutChannels, inFeatures: inFeatures))
            inFeatures = config.fcOutChannels
        }
        self.fcs = fcs
        let k = config.numClasses, r = 4 * config.regressionClasses
        fcCls = try DenseLayer(source, "\(h).fc_cls", outFeatures: k + 1, inFeatures: inFeatures)
        convReg = try DenseLayer(source, "\(h).fc_reg", outFeatures: r, inFeatures: c)
        convCls = config.withConvCls ? try DenseLayer(source, "\(h).conv_cls", outFeatures: k + 1, inFeatures: c) : nil
        fcReg = config.withFcReg ? try DenseLayer(source, "\(h).fc_reg_fc", outFeatures: r, inFeatures: inFeatures) : nil
    }

    /// fc branch on pooled features [N, C, s, s]: (class logits [N, K+1], deltas [N, 4K]?).
    func fcBranch(_ pooled: Tensor) -> (logits: Tensor, deltas: Tensor?) {
        let n = pooled.shape[0]
        var y = pooled.reshaped([n, pooled.count / max(1, n)])
        for fc in fcs { y = fc(y, relu: true) }
        return (fcCls(y), fcReg.map { $0(y) })
    }

    /// conv branch on pooled features in channel-major layout [C, N, s, s]:
    /// (deltas [N, 4K], class logits [N, K+1]?).
    func convBranch(_ pooled: Tensor) -> (deltas: Tensor, logits: Tensor?) {
        var x = resIdentity(pooled, layout: .channelMajor)
        resConv2(resConv1(pooled, relu: true, layout: .channelMajor), relu: true, addingInto: &x, layout: .channelMajor)
        for b in bottlenecks {
            let y = b.conv2(b.conv1(x, relu: true, layout: .channelMajor), relu: true, layout: .channelMajor)
            b.conv3(y, relu: true, addingInto: &x, layout: .channelMajor)
        }
        let features = globalAveragePool(input: x, layout: .channelMajor)
        return (convReg(features), convCls.map { $0(features) })
    }
}
