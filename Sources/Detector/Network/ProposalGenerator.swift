import Compute

/// Turns RPN outputs into proposals as the model's framework does at test time.
///
/// mmdetection's RPNHead: per level the top `nms_pre` anchors by sigmoid objectness
/// (stable), decoded and clipped, empty boxes dropped; then NMS within each level and the
/// best `max_per_img` over all levels. torchvision's RegionProposalNetwork: per level the top
/// `pre_nms_top_n` by logit, decoded with its BoxCoder (weights 1) on its rounded anchors,
/// clipped, boxes under 1e-3 px dropped (and scores below its threshold 0); then NMS within
/// each level and the best `post_nms_top_n`.
struct ProposalGenerator: Sendable {
    let convention: DetectionConvention
    let anchors: AnchorGenerator
    let torchvisionAnchors: TorchvisionAnchorGenerator
    let coder: DeltaXYWHBBoxCoder
    let torchvisionCoder: TorchvisionBoxCoder
    let nmsPre: Int
    let maxPerImage: Int
    let nmsIoU: Double

    /// torchvision's `min_size` of a proposal, in resized pixels, and its `score_thresh`.
    static let torchvisionMinimumSize: Float = 1e-3
    static let torchvisionScoreThreshold: Float = 0

    init(config: ModelConfig) {
        convention = config.convention
        anchors = AnchorGenerator(strides: config.anchorStrides, scales: config.anchorScales, ratios: config.anchorRatios)
        torchvisionAnchors = TorchvisionAnchorGenerator(sizes: config.anchorStrides.map { Double($0) * (config.anchorScales.first ?? 8) },
                                                        ratios: config.anchorRatios)
        let m = config.rpnTargetMeans.map(Float.init), s = config.rpnTargetStds.map(Float.init)
        coder = DeltaXYWHBBoxCoder(means: SIMD4(m[0], m[1], m[2], m[3]), stds: SIMD4(s[0], s[1], s[2], s[3]))
        torchvisionCoder = TorchvisionBoxCoder(weights: SIMD4(1 / s[0], 1 / s[1], 1 / s[2], 1 / s[3]))
        nmsPre = config.rpnNmsPre
        maxPerImage = config.rpnMaxPerImage
        nmsIoU = config.rpnNmsIoU
    }

    struct Proposals {
        var boxes: [Box] = []       // resized-image space
        var scores: [Float] = []
        var levels: [Int] = []
    }

    /// `outputs[l]` holds level l's logits [1, A, H, W] and deltas [1, 4A, H, W]; boxes are
    /// clipped to the resized image (`imageHeight` x `imageWidth`) inside the padded input
    /// (`inputHeight` x `inputWidth`, from which torchvision derives its anchor strides).
    func callAsFunction(_ outputs: [(logits: Tensor, deltas: Tensor)], imageHeight: Int, imageWidth: Int,
                        inputHeight: Int, inputWidth: Int) -> Proposals {
        var all = Proposals()
        let maxShape = (height: Float(imageHeight), width: Float(imageWidth))
        let torchvision = convention == .torchvision
        for (level, output) in outputs.enumerated() {
            let a = output.logits.shape[1], h = output.logits.shape[2], w = output.logits.shape[3]
            let count = h * w * a
            // Logits and scores in (H, W, A) order.
            var logits = [Float](repeating: 0, count: count)
            output.logits.withUnsafeBufferPointer { p in
                for y in 0..<h {
                    for x in 0..<w {
                        for k in 0..<a { logits[(y * w + x) * a + k] = p[(k * h + y) * w + x] }
                    }
                }
            }
            let scores = logits.map(sigmoid)
            let limit = nmsPre > 0 ? min(nmsPre, count) : count
            let order: [Int]
            if torchvision {
                // topk on the logits: every anchor ranked (ties: lower index first), the best kept.
                order = topIndicesDescending(logits, count: limit)
            } else if limit < count {
                // The first nms_pre of a stable descending sort, as torch.sort(stable=True).
                order = topIndicesDescending(scores, count: limit)
            } else {
                order = Array(0..<count)
            }
            let grid = torchvision
                ? torchvisionAnchors.gridAnchors(level: level, height: h, width: w, inputHeight: inputHeight, inputWidth: inputWidth)
                : anchors.gridAnchors(level: level, height: h, width: w)
            output.deltas.withUnsafeBufferPointer { d in
                for i in order {
                    let k = i % a, cell = i / a, y = cell / w, x = cell % w
                    func delta(_ j: Int) -> Float { d[((k * 4 + j) * h + y) * w + x] }
                    let delta = SIMD4(delta(0), delta(1), delta(2), delta(3))
                    let box: Box
                    if torchvision {
                        box = torchvisionCoder.decode(grid[i], delta: delta, maxShape: maxShape)
                        let minimum = Self.torchvisionMinimumSize
                        guard box.width >= minimum, box.height >= minimum, scores[i] >= Self.torchvisionScoreThreshold else { continue }
                    } else {
                        box = coder.decode(grid[i], delta: delta, maxShape: maxShape)
                        guard box.width > 0, box.height > 0 else { continue }
                    }
                    all.boxes.append(box)
                    all.scores.append(scores[i])
                    all.levels.append(level)
                }
            }
        }
        // Only the best max_per_img are used: NMS stops once they are certain.
        let keep = batchedNMS(boxes: all.boxes, scores: all.scores, groups: all.levels, iouThreshold: nmsIoU,
                              maxKept: max(maxPerImage, 0))
        return Proposals(boxes: keep.map { all.boxes[$0] }, scores: keep.map { all.scores[$0] }, levels: keep.map { all.levels[$0] })
    }
}
