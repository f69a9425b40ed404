import Compute
import Detector
import Evaluation
import Foundation
import Reporting

/// One RoI as `inspect --json` and `--jsonl` write it. Every field is always present; a
/// value that does not apply (objectness of a given proposal, a head the model lacks, the
/// detection of a suppressed candidate) is null, and so is a non-finite number.
public struct RoIReport: Sendable, Encodable {
    /// One head's raw outputs for the RoI.
    public struct HeadOutputs: Sendable, Encodable {
        @FiniteOrNull public var scores: [Float]?
        @FiniteOrNull public var deltas: [Float]?
    }

    /// What the chosen variant's post-processing made of the RoI, for its best class.
    public struct Outcome: Sendable, Encodable {
        public var variant: String
        public var label: Int
        public var className: String
        @OrNull public var score: Float?
        public var regressionRoI: [Float]
        @FiniteOrNull public var refinedBox: [Float]?
        public var fate: String
        public var fateSummary: String
        /// The 1-based detection number (as in `fateSummary`), when kept.
        @OrNull public var detection: Int?
        @OrNull public var suppressedByRoI: Int? = nil
        @OrNull public var suppressionIoU: Float? = nil

        enum CodingKeys: String, CodingKey {
            case variant, label, className = "class", score, regressionRoI = "regression_roi", refinedBox = "refined_box"
            case fate, fateSummary = "fate_summary", detection, suppressedByRoI = "suppressed_by_roi"
            case suppressionIoU = "suppression_iou"
        }
    }

    public var index: Int
    public var proposal: [Float]
    @OrNull public var objectness: Float?
    @OrNull public var level: Int?
    public var roiLevel: Int
    public var fc: HeadOutputs
    public var conv: HeadOutputs
    @OrNull public var outcome: Outcome?

    enum CodingKeys: String, CodingKey { case index, proposal, objectness, level, roiLevel = "roi_level", fc, conv, outcome }

    /// RoI `i` of `analysis` with the record of its fate under `variant`.
    public init(_ analysis: RawAnalysis, index i: Int, variant: HeadVariant, record: RoIRecord?) {
        index = i
        proposal = analysis.proposals[i].values
        objectness = analysis.objectness?[i]
        level = analysis.proposalLevels?[i]
        roiLevel = analysis.roiLevels[i]
        fc = HeadOutputs(scores: Array(analysis.fcScores(roi: i)), deltas: analysis.fcDeltas(roi: i).map(Array.init))
        conv = HeadOutputs(scores: analysis.convScores(roi: i).map(Array.init), deltas: analysis.convDeltas(roi: i).map(Array.init))
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
