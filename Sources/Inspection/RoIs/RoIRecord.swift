import Evaluation
import Compute
import Detector

/// Everything the inspector shows about one RoI under one variant, read from the cached
/// analysis and the variant's ``VariantOutcome``: the proposal, the heads' scores and
/// deltas, the decoded boxes, the fate under post-processing and the match with ground truth.
public struct RoIRecord: Sendable {
    /// A class and its score.
    public struct ClassScore: Equatable, Sendable {
        public var label: Int
        public var name: String
        public var score: Float
    }

    /// One branch's regression for the record's class.
    public struct Regression: Equatable, Sendable {
        /// dx, dy, dw, dh as the network outputs them.
        public var raw: [Float]
        /// Times the target stds plus the means: what the box coder applies.
        public var denormalised: [Float]
        /// The decoded box, clipped to the image, in original pixels.
        public var box: Box
    }

    public var roi: Int
    /// The proposal in original pixels.
    public var proposal: Box
    /// The RPN's objectness; nil for proposals given by the caller.
    public var objectness: Float?
    /// FPN level the RoI was pooled from (0 is P2).
    public var level: Int
    /// The proposal enlarged about its centre as the conv branch pools it (1.3x in the paper).
    public var regressionRoI: Box
    /// The class whose scores, deltas, box and fate are shown.
    public var label: Int
    public var className: String
    /// The variant's score for `label` (fused for dh-ext).
    public var score: Float
    public var fcTop: [ClassScore]
    public var convTop: [ClassScore]?
    /// Fused scores 1 - (1 - fc)(1 - conv), when the model has conv scores.
    public var fusedTop: [ClassScore]?
    /// The conv branch's regression (every Double-Head model has it; a baseline has none).
    public var conv: Regression?
    /// The fc branch's regression (Double-Head-Ext, and a baseline's one head).
    public var fc: Regression?
    /// The box of the branch the variant regresses with.
    public var refined: Box?
    /// What the variant's post-processing did with this RoI's candidate for `label`.
    public var fate: RoIFate
    /// Best IoU with ground truth of the proposal and of the refined box; nil without ground truth.
    public var groundTruthIoU: (proposal: Float, refined: Float?)?

    /// The record of `roi` for class `label` (default: the RoI's best class under the variant).
    /// - Returns: nil when `roi` is out of range.
    public init?(analysis: RawAnalysis, outcome: VariantOutcome, roi: Int, label givenLabel: Int? = nil,
                 classNames: [String], groundTruth: [Box] = [], regressionRoIScale: Double = 1.3, topK: Int = 5) {
        guard analysis.proposals.indices.contains(roi) else { return nil }
        func name(_ c: Int) -> String { ModelConfig.className(c, names: classNames, classCount: analysis.numClasses) }
        let label = min(max(0, givenLabel ?? outcome.bestClass(roi: roi).label), max(0, analysis.numClasses - 1))
        self.roi = roi
        proposal = analysis.proposals[roi]
        objectness = analysis.objectness?[roi]
        level = analysis.roiLevels.indices.contains(roi) ? analysis.roiLevels[roi] : 0
        regressionRoI = proposal.scaled(by: Float(regressionRoIScale))
        self.label = label
        className = name(label)
        score = outcome.score(roi: roi, label: label)
        func top(_ scores: some Collection<Float>, _ k: Int) -> [ClassScore] {
            scores.enumerated().sorted { ($0.element, -$0.offset) > ($1.element, -$1.offset) }.prefix(k).map {
                ClassScore(label: $0.offset, name: name($0.offset), score: $0.element)
            }
        }
        let fcScores = analysis.fcScores(roi: roi)
        fcTop = top(fcScores, topK)
        let convScores = analysis.convScores(roi: roi)
        convTop = convScores.map { top($0, topK) }
        fusedTop = convScores.map { top(zip(fcScores, $0).map(HeadVariant.fusedScore), topK) }
        let offset = analysis.regressionClasses == 1 ? 0 : label * 4
        func regression(_ deltas: ArraySlice<Float>) -> Regression {
            var raw = Array(deltas.dropFirst(offset).prefix(4))
            while raw.count < 4 { raw.append(0) }
            return Regression(raw: raw, denormalised: raw.enumerated().map { $1 * analysis.targetStds[$0] + analysis.targetMeans[$0] },
                              box: analysis.decodedBox(roi: roi, delta: SIMD4(raw[0], raw[1], raw[2], raw[3]), coder: analysis.boxCoder))
        }
        conv = analysis.convDeltas(roi: roi).map(regression)
        fc = analysis.fcDeltas(roi: roi).map(regression)
        refined = PostProcessor.regressionBranch(outcome.variant) == .conv ? conv?.box : fc?.box
        fate = outcome.fate(roi: roi, label: label)
        if !groundTruth.isEmpty {
            let before = groundTruth.map { iou(analysis.proposals[roi], $0) }.max() ?? 0
            let after = refined.flatMap { r in groundTruth.map { iou(r, $0) }.max() }
            groundTruthIoU = (before, after)
        }
    }
}
