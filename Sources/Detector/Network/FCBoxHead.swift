import Compute

/// A single-branch box head: mmdetection's Shared2FCBBoxHead and torchvision's TwoMLPHead
/// (fcs with ReLU on the flattened RoI), or torchvision's FastRCNNConvFCHead (3x3 convs with
/// BatchNorm and ReLU first), then a classifier and a regressor on the same features.
///
/// Outputs come in dhscope's order whatever the layout: K + 1 logits with background last,
/// and 4 deltas per regression class (torchvision's classifier puts background first and its
/// regressor has deltas for it: the logit moves to the end and those deltas are dropped).
struct FCBoxHead: Sendable {
    let convs: [FoldedConv]
    let fcs: [DenseLayer]
    let classifier: DenseLayer
    let regressor: DenseLayer
    /// Whether the outputs come in torchvision's order (background first, with deltas).
    let backgroundFirst: Bool
    /// Foreground classes K.
    let numClasses: Int

    /// RoIs per pass: bounds the convs' activations and their im2col scratch (256 RoIs of
    /// 256 x 7 x 7 are 12.8 MB).
    static let chunkSize = 256

    init(_ source: WeightSource, config: ModelConfig) throws {
        let names = StateDictNames(config.layout)
        var channels = config.fpnChannels
        convs = try (0..<config.numConvs).map { j in
            let c = names.headConv(j)
            defer { channels = config.convOutChannels }
            return try FoldedConv(source, conv: c.conv, batchNorm: c.norm, outChannels: config.convOutChannels,
                                  inChannels: channels, kernel: 3, epsilon: config.bnEpsilon)
        }
        var inFeatures = channels * config.roiSize * config.roiSize
        var fcs: [DenseLayer] = []
        for j in 0..<config.numFcs {
            fcs.append(try DenseLayer(source, names.headFC(j, convs: config.numConvs), outFeatures: config.fcOutChannels,
                                      inFeatures: inFeatures))
            inFeatures = config.fcOutChannels
        }
        self.fcs = fcs
        backgroundFirst = names.backgroundFirst
        numClasses = config.numClasses
        let k = config.numClasses
        classifier = try DenseLayer(source, names.classifier, outFeatures: k + 1, inFeatures: inFeatures)
        regressor = try DenseLayer(source, names.regressor, outFeatures: 4 * (backgroundFirst ? k + 1 : config.regressionClasses),
                                   inFeatures: inFeatures)
    }

    /// Class logits [N, K + 1] (background last) and deltas [N, 4 x regression classes] of
    /// pooled RoIs [N, C, s, s]. The convs run channel-major, so all RoIs share each GEMM.
    func callAsFunction(_ pooled: Tensor) -> (logits: Tensor, deltas: Tensor) {
        var x = pooled
        if !convs.isEmpty {
            x = x.swappingFirstTwoDimensions()
            for conv in convs { x = conv(x, relu: true, layout: .channelMajor) }
            x = x.swappingFirstTwoDimensions()
        }
        let n = x.shape[0]
        var y = x.reshaped([n, x.count / max(1, n)])
        for fc in fcs { y = fc(y, relu: true) }
        let logits = classifier(y), deltas = regressor(y)
        guard backgroundFirst else { return (logits, deltas) }
        return (Self.movingFirstColumnLast(logits), Self.droppingFirstColumns(deltas, 4))
    }

    /// `t` [N, C] with column 0 moved after the others.
    static func movingFirstColumnLast(_ t: Tensor) -> Tensor {
        let n = t.shape[0], c = t.shape[1]
        var out = [Float](repeating: 0, count: n * c)
        t.withUnsafeBufferPointer { p in
            for i in 0..<n {
                for j in 1..<c { out[i * c + j - 1] = p[i * c + j] }
                out[i * c + c - 1] = p[i * c]
            }
        }
        return Tensor(shape: [n, c], storage: out)
    }

    /// `t` [N, C] without its first `count` columns.
    static func droppingFirstColumns(_ t: Tensor, _ count: Int) -> Tensor {
        let n = t.shape[0], c = t.shape[1]
        var out = [Float]()
        out.reserveCapacity(n * (c - count))
        t.withUnsafeBufferPointer { p in
            for i in 0..<n { out.append(contentsOf: p[(i * c + count)..<((i + 1) * c)]) }
        }
        return Tensor(shape: [n, c - count], storage: out)
    }
}
