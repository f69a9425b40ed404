import Compute
import Detector

/// The numbers the inspector shows for one RoI, read from the cached analysis.
public struct RoIDetails: Sendable {
    /// A class and its score.
    public struct ClassScore: Equatable, Sendable {
        public var label: Int
        public var name: String
        public var score: Float
    }

    public var roi: Int
    public var proposal: Box
    public var objectness: Float?
    /// FPN level the RoI was pooled from (0 is P2).
    public var level: Int
    /// The class whose deltas and decoded box are shown.
    public var label: Int
    public var fcTop: [ClassScore]
    public var convTop: [ClassScore]?
    /// Fused scores 1 - (1 - fc)(1 - conv), when the model has conv scores.
    public var fusedTop: [ClassScore]?
    /// dx, dy, dw, dh of the conv head for `label`, as the network outputs them.
    public var convDeltas: [Float]
    public var fcDeltas: [Float]?
    /// Deltas times the target stds plus the means: what the box coder applies.
    public var targetStds: [Float]
    public var targetMeans: [Float]
    /// The variant's refined box for `label`, in image pixels.
    public var refined: Box?
    /// What became of the RoI under the current variant and threshold.
    public var fate: String
    /// Best IoU with ground truth before and after regression, when ground truth is shown.
    public var groundTruthIoU: (proposal: Float, refined: Float?)?

    /// Denormalised deltas.
    public func denormalised(_ deltas: [Float]) -> [Float] {
        deltas.enumerated().map { i, d in d * targetStds[i % 4] + targetMeans[i % 4] }
    }

    /// The details of `roi` with the class of the list row (or the RoI's best class).
    public init?(_ state: AppState, roi: Int, label givenLabel: Int? = nil, topK: Int = 5) {
        guard let a = state.analysis, a.proposals.indices.contains(roi) else { return nil }
        self.roi = roi
        proposal = a.proposals[roi]
        objectness = a.objectness?[roi]
        level = a.roiLevels[roi]
        let label = givenLabel ?? state.bestClass(roi: roi).label
        self.label = label
        func top(_ scores: some Collection<Float>, _ k: Int) -> [ClassScore] {
            scores.enumerated().sorted { ($0.element, -$0.offset) > ($1.element, -$1.offset) }.prefix(k).map {
                ClassScore(label: $0.offset, name: state.className($0.offset), score: $0.element)
            }
        }
        fcTop = top(a.fcScores(roi: roi), topK)
        let conv = a.convScores(roi: roi)
        convTop = conv.map { top($0, 3) }
        if let conv {
            fusedTop = top(zip(a.fcScores(roi: roi), conv).map { 1 - (1 - $0) * (1 - $1) }, 3)
        }
        let offset = a.regressionClasses == 1 ? 0 : label * 4
        convDeltas = Array(a.convDeltas(roi: roi).dropFirst(offset).prefix(4))
        fcDeltas = a.fcDeltas(roi: roi).map { Array($0.dropFirst(offset).prefix(4)) }
        targetStds = a.targetStds
        targetMeans = a.targetMeans
        refined = Self.refinedBox(state, roi: roi, label: label)
        let kept = state.detections.enumerated().filter { $0.element.roi == roi }
        if !kept.isEmpty {
            fate = "kept as detection " + kept.map { "\($0.offset + 1) (\(state.className($0.element.label)) \(String(format: "%.3f", $0.element.score)))" }.joined(separator: ", ")
        } else {
            let best = state.bestClass(roi: roi)
            if best.score <= state.settings.scoreThreshold {
                fate = String(format: "below threshold (best %.3f ≤ %.2f)", best.score, state.settings.scoreThreshold)
            } else if state.detections.count >= state.settings.maxPerImage {
                fate = "suppressed (NMS or the \(state.settings.maxPerImage)-per-image limit)"
            } else {
                fate = "suppressed by NMS"
            }
        }
        let truth = state.groundTruthBoxes
        if state.showGroundTruth, !truth.isEmpty {
            let before = truth.map { iou(a.proposals[roi], $0.box) }.max() ?? 0
            let after = refined.flatMap { r in truth.map { iou(r, $0.box) }.max() }
            groundTruthIoU = (before, after)
        }
    }

    /// The box the current variant's regression branch gives RoI `roi` for class `label`.
    public static func refinedBox(_ state: AppState, roi: Int, label: Int) -> Box? {
        guard let a = state.analysis else { return nil }
        let boxes = PostProcessor.regressionBranch(state.variant) == .conv ? state.convBoxes : state.fcBoxes
        let index = roi * a.regressionClasses + (a.regressionClasses == 1 ? 0 : label)
        guard let boxes, boxes.indices.contains(index) else { return nil }
        return boxes[index]
    }
}
