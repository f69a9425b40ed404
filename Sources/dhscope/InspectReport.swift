import Detector
import Foundation
import Evaluation
import Inspection

/// `inspect --json` output.
struct InspectReport: Encodable {
    var image: String
    var width: Int
    var height: Int
    var scale: [Double]
    var classes: [String]
    var variants: [String]
    var timings: [StageTiming]
    var rois: [RoIRecordJSON]

    enum CodingKeys: String, CodingKey { case image, width, height, scale, classes, variants, timings, rois }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(image, forKey: .image)
        try c.encode(width, forKey: .width)
        try c.encode(height, forKey: .height)
        try c.encodeNumbers(scale, forKey: .scale)
        try c.encode(classes, forKey: .classes)
        try c.encode(variants, forKey: .variants)
        try c.encode(timings.map(TimingJSON.init), forKey: .timings)
        try c.encode(rois, forKey: .rois)
    }

    /// One stage's time.
    struct TimingJSON: Encodable {
        var stage: String
        var milliseconds: Double

        init(_ timing: StageTiming) {
            stage = timing.stage
            milliseconds = timing.milliseconds
        }
    }
}

/// One RoI as `inspect --json` and `--jsonl` write it. Every field is always present; a
/// value that does not apply (objectness of a given proposal, a head the model lacks, the
/// detection of a suppressed candidate) is null, and so is a non-finite number.
struct RoIRecordJSON: Encodable {
    struct HeadOutputs: Encodable {
        var scores: [Float]?
        var deltas: [Float]?

        enum CodingKeys: String, CodingKey { case scores, deltas }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encodeNumbers(scores, forKey: .scores)
            try c.encodeNumbers(deltas, forKey: .deltas)
        }
    }

    /// What the chosen variant's post-processing made of the RoI, for its best class.
    struct Outcome: Encodable {
        var variant: String
        var label: Int
        var className: String
        var score: Float
        var regressionRoI: [Float]
        var refinedBox: [Float]?
        var fate: String
        var fateSummary: String
        /// The 1-based detection number (as in `fateSummary`), when kept.
        var detection: Int?
        var suppressedByRoI: Int?
        var suppressionIoU: Float?

        enum CodingKeys: String, CodingKey {
            case variant, label, className = "class", score, regressionRoI = "regression_roi", refinedBox = "refined_box"
            case fate, fateSummary = "fate_summary", detection, suppressedByRoI = "suppressed_by_roi"
            case suppressionIoU = "suppression_iou"
        }

        func encode(to encoder: any Encoder) throws {
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

    var index: Int
    var proposal: [Float]
    var objectness: Float?
    var level: Int?
    var roiLevel: Int
    var fc: HeadOutputs
    var conv: HeadOutputs
    var outcome: Outcome?

    enum CodingKeys: String, CodingKey { case index, proposal, objectness, level, roiLevel = "roi_level", fc, conv, outcome }

    init(_ a: RawAnalysis, index i: Int, variant: HeadVariant, record: RoIRecord?) {
        index = i
        proposal = a.proposals[i].values
        objectness = a.objectness?[i]
        level = a.proposalLevels?[i]
        roiLevel = a.roiLevels[i]
        fc = HeadOutputs(scores: Array(a.fcScores(roi: i)), deltas: a.fcDeltas(roi: i).map(Array.init))
        conv = HeadOutputs(scores: a.convScores(roi: i).map(Array.init), deltas: Array(a.convDeltas(roi: i)))
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

    func encode(to encoder: any Encoder) throws {
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

    func text(classNames: [String]) -> String {
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
