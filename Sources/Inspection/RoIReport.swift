import Compute
import Detector
import Evaluation
import Foundation

/// One RoI as `inspect --json` and `--jsonl` write it. Every field is always present; a
/// value that does not apply (objectness of a given proposal, a head the model lacks, the
/// detection of a suppressed candidate) is null, and so is a non-finite number.
public struct RoIReport: Sendable, Encodable {
    /// One head's raw outputs for the RoI.
    public struct HeadOutputs: Sendable, Encodable {
        public var scores: [Float]?
        public var deltas: [Float]?

        enum CodingKeys: String, CodingKey { case scores, deltas }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encodeNumbers(scores, forKey: .scores)
            try c.encodeNumbers(deltas, forKey: .deltas)
        }
    }

    /// What the chosen variant's post-processing made of the RoI, for its best class.
    public struct Outcome: Sendable, Encodable {
        public var variant: String
        public var label: Int
        public var className: String
        public var score: Float
        public var regressionRoI: [Float]
        public var refinedBox: [Float]?
        public var fate: String
        public var fateSummary: String
        /// The 1-based detection number (as in `fateSummary`), when kept.
        public var detection: Int?
        public var suppressedByRoI: Int?
        public var suppressionIoU: Float?

        enum CodingKeys: String, CodingKey {
            case variant, label, className = "class", score, regressionRoI = "regression_roi", refinedBox = "refined_box"
            case fate, fateSummary = "fate_summary", detection, suppressedByRoI = "suppressed_by_roi"
            case suppressionIoU = "suppression_iou"
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(variant, forKey: .variant)
            try c.encode(label, forKey: .label)
            try c.encode(className, forKey: .className)
            try c.encodeNumber(score, forKey: .score)
            try c.encodeNumbers(regressionRoI, forKey: .regressionRoI)
            try c.encodeNumbers(refinedBox, forKey: .refinedBox)
            try c.encode(fate, forKey: .fate)
            try c.encode(fateSummary, forKey: .fateSummary)
            try c.encodeOrNull(detection, forKey: .detection)
            try c.encodeOrNull(suppressedByRoI, forKey: .suppressedByRoI)
            try c.encodeNumber(suppressionIoU, forKey: .suppressionIoU)
        }
    }

    public var index: Int
    public var proposal: [Float]
    public var objectness: Float?
    public var level: Int?
    public var roiLevel: Int
    public var fc: HeadOutputs
    public var conv: HeadOutputs
    public var outcome: Outcome?

    enum CodingKeys: String, CodingKey { case index, proposal, objectness, level, roiLevel = "roi_level", fc, conv, outcome }

    /// RoI `i` of `analysis` with the record of its fate under `variant`.
    public init(_ analysis: RawAnalysis, index i: Int, variant: HeadVariant, record: RoIRecord?) {
        index = i
        proposal = analysis.proposals[i].values
        objectness = analysis.objectness?[i]
        level = analysis.proposalLevels?[i]
        roiLevel = analysis.roiLevels[i]
        fc = HeadOutputs(scores: Array(analysis.fcScores(roi: i)), deltas: analysis.fcDeltas(roi: i).map(Array.init))
        conv = HeadOutputs(scores: analysis.convScores(roi: i).map(Array.init), deltas: Array(analysis.convDeltas(roi: i)))
        outcome = record.map { r in
            var o = Outcome(variant: variant.rawValue, label: r.label, className: r.className, score: r.score,
                            regressionRoI: r.regressionRoI.values, refinedBox: r.refined?.values,
                            fate: r.fate.kind, fateSummary: r.fate.summary, detection: r.fate.detectionNumber)
            if case .suppressed(let by, let overlap) = r.fate {
                o.suppressedByRoI = by
                o.suppressionIoU = overlap
            }
            return o
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(index, forKey: .index)
        try c.encodeNumbers(proposal, forKey: .proposal)
        try c.encodeNumber(objectness, forKey: .objectness)
        try c.encodeOrNull(level, forKey: .level)
        try c.encode(roiLevel, forKey: .roiLevel)
        try c.encode(fc, forKey: .fc)
        try c.encode(conv, forKey: .conv)
        try c.encodeOrNull(outcome, forKey: .outcome)
    }

    /// The RoI as `dhscope inspect` prints it.
    public func text(classNames: [String]) -> String {
        func top(_ scores: [Float]?) -> String {
            guard let scores else { return "-" }
            return scores.enumerated().sorted { $0.element > $1.element }.prefix(3).map { i, s in
                let name = ModelConfig.className(i, names: classNames, classCount: scores.count - 1)
                return String(format: "%@ %.3f", name as NSString, s)
            }.joined(separator: ", ")
        }
        let box = proposal.map { String(format: "%.1f", $0) }.joined(separator: ", ")
        let obj = objectness.map { String(format: "%.3f", $0) } ?? "-"
        let fate = outcome.map { "\n  \($0.variant) \($0.className): \($0.fateSummary)" } ?? ""
        return "RoI \(index): [\(box)] objectness \(obj) level P\(roiLevel + 2)\n  fc:   \(top(fc.scores))\n  conv: \(top(conv.scores))" + fate
    }
}
