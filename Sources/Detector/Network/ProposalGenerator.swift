import Compute

/// Turns RPN outputs into proposals as mmdetection's RPNHead does at test time: per level
/// the top `nms_pre` anchors by objectness (stable), decoded and clipped, empty boxes
/// dropped; then NMS within each level and the best `max_per_img` over all levels.
struct ProposalGenerator: Sendable {
    let anchors: AnchorGenerator
    let coder: DeltaXYWHBBoxCoder
    let nmsPre: Int
    let maxPerImage: Int
    let nmsIoU: Double

    init(config: ModelConfig) {
        anchors = AnchorGenerator(strides: config.anchorStrides, scales: config.anchorScales, ratios: config.anchorRatios)
        let m = config.rpnTargetMeans.map(Float.init), s = config.rpnTargetStds.map(Float.init)
        coder = DeltaXYWHBBoxCoder(means: SIMD4(m[0], m[1], m[2], m[3]), stds: SIMD4(s[0], s[1], s[2], s[3]))
        nmsPre = config.rpnNmsPre
        maxPerImage = config.rpnMaxPerImage
        nmsIoU = config.rpnNmsIoU
    }

    struct Proposals {
        var boxes: [Box] = []       // resized-image space
        var scores: [Float] = []
        var levels: [Int] = []
    }

    /// `outputs[l]` holds level l's logits [1, A, H, W] and deltas [1, 4A, H, W].
    func callAsFunction(_ outputs: [(logits: Tensor, deltas: Tensor)], imageHeight: Int, imageWidth: Int) -> Proposals {
        var all = Proposals()
        let maxShape = (height: Float(imageHeight), width: Float(imageWidth))
        for (level, output) in outputs.enumerated() {
            let a = output.logits.shape[1], h = output.logits.shape[2], w = output.logits.shape[3]
            let count = h * w * a
            // Scores in (H, W, A) order.
            var scores = [Float](repeating: 0, count: count)
            output.logits.withUnsafeBufferPointer { p in
                for y in 0..<h {
                    for x in 0..<w {
                        for k in 0..<a { scores[(y * w + x) * a + k] = sigmoid(p[(k * h + y) * w + x]) }
                    }
                }
            }
            var order = Array(0..<count)
            if nmsPre > 0 && count > nmsPre {
                // Stable descending sort, as torch.sort(stable=True).
                order.sort { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
                order.removeLast(count - nmsPre)
            }
            let grid = anchors.gridAnchors(level: level, height: h, width: w)
            output.deltas.withUnsafeBufferPointer { d in
                for i in order {
                    let k = i % a, cell = i / a, y = cell / w, x = cell % w
                    func delta(_ j: Int) -> Float { d[((k * 4 + j) * h + y) * w + x] }
                    let box = coder.decode(grid[i], delta: SIMD4(delta(0), delta(1), delta(2), delta(3)), maxShape: maxShape)
                    guard box.width > 0, box.height > 0 else { continue }
                    all.boxes.append(box)
                    all.scores.append(scores[i])
                    all.levels.append(level)
                }
            }
        }
        let keep = batchedNMS(boxes: all.boxes, scores: all.scores, groups: all.levels, iouThreshold: nmsIoU).prefix(maxPerImage)
        return Proposals(boxes: keep.map { all.boxes[$0] }, scores: keep.map { all.scores[$0] }, levels: keep.map { all.levels[$0] })
    }
}
