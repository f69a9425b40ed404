import Foundation
import Reporting

/// What `dhscope eval` reports for one set of detections: pycocotools' 12 numbers,
/// per-category AP and (optionally) the TIDE breakdown, as text or JSON.
public struct EvaluationReport: Sendable, Codable {
    /// One category's AP (IoU 0.50:0.95) and AP50; -1 when the category has no ground truth.
    public struct CategoryAP: Sendable, Codable, Equatable {
        public var id: Int
        public var name: String
        public var ap: Double
        public var ap50: Double
    }

    /// One TIDE error type's count and dAP (percent).
    public struct TIDEEntry: Sendable, Codable, Equatable {
        public var type: String
        public var count: Int
        public var deltaAP: Double

        enum CodingKeys: String, CodingKey {
            case type, count, deltaAP = "delta_ap"
        }
    }

    /// A name for the detections (a file name or a head variant).
    public var name: String
    /// The model whose detections these are (its checkpoint path), when a detector ran.
    @OrNull public var model: String?
    /// The 12 numbers by name (AP, AP50, ..., ARl).
    public var stats: [String: Double]
    /// The 12 numbers in pycocotools' order.
    public var statsList: [Double]
    public var categories: [CategoryAP]
    /// TIDE's AP50 (percent), when the breakdown was run.
    @OrNull public var tideAP50: Double?
    /// TIDE error types in TIDE's order, when the breakdown was run.
    @OrNull public var tide: [TIDEEntry]?
    public var evaluatedDetections: Int
    public var skippedDetections: Int
    public var imageCount: Int

    /// Builds the report of `evaluation` (and `tide`) against `groundTruth`.
    public init(name: String, groundTruth: COCODataset, evaluation: COCOEvaluation, tide: TIDEReport?) {
        self.name = name
        let values = evaluation.stats.values
        statsList = values
        stats = Dictionary(uniqueKeysWithValues: zip(COCOStats.names, values))
        let names = Dictionary(groundTruth.categories.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let ap = evaluation.categoryAP
        let ap50 = evaluation.categoryAP50
        categories = evaluation.categoryIDs.enumerated().map { k, id in
            CategoryAP(id: id, name: names[id] ?? "", ap: ap[k], ap50: ap50[k])
        }
        tideAP50 = tide?.ap50
        self.tide = tide.map { report in
            TIDEErrorType.allCases.map {
                TIDEEntry(type: $0.shortName, count: report.counts[$0] ?? 0, deltaAP: report.deltaAP[$0] ?? 0)
            }
        }
        evaluatedDetections = evaluation.evaluatedDetections
        skippedDetections = evaluation.skippedDetections
        imageCount = Set(groundTruth.images.map(\.id)).count
    }

    // TIDE's fields are null when the breakdown was not run.
    enum CodingKeys: String, CodingKey {
        case name, model, stats, statsList = "stats_list", categories, tideAP50 = "tide_ap50", tide
        case evaluatedDetections = "evaluated_detections", skippedDetections = "skipped_detections"
        case imageCount = "images"
    }

    /// Evaluates `detections` against `groundTruth`: pycocotools' COCOeval and, when `tide`
    /// is set, TIDE's error breakdown. Results of categories the ground truth does not list
    /// are skipped by both (pycocotools skips them; TIDE would count them as errors) and
    /// counted in `skippedDetections`.
    /// `evaluation`, when given, is COCOeval's result on the same detections (not run again).
    public static func evaluate(_ detections: [COCODetection], against groundTruth: COCODataset, name: String,
                                tide: Bool, evaluation given: COCOEvaluation? = nil) -> EvaluationReport {
        let evaluation = given ?? COCOEvaluator(groundTruth: groundTruth).evaluate(detections)
        var breakdown: TIDEReport?
        if tide {
            let categories = Set(groundTruth.categories.map(\.id))
            let listed = detections.filter { categories.contains($0.categoryID) }
            breakdown = TIDEAnalysis.analyze(groundTruth: groundTruth, detections: listed)
        }
        return EvaluationReport(name: name, groundTruth: groundTruth, evaluation: evaluation, tide: breakdown)
    }

    /// The report as text: pycocotools' 12 lines, a per-category table, the TIDE table.
    public var text: String {
        var lines = COCOStats(values: statsList).pycocotoolsLines
        lines.append("")
        lines.append(contentsOf: categoryTable)
        if let tide, let tideAP50 {
            lines.append("")
            lines.append("TIDE errors at IoU 0.5 (TIDE's AP50 \(String.fixed(tideAP50, decimals: 2)); dAP in AP points):")
            let header = ["Type"] + tide.map(\.type)
            let counts = ["Count"] + tide.map { String($0.count) }
            let deltas = ["dAP"] + tide.map { String.fixed($0.deltaAP, decimals: 2) }
            for row in [header, counts, deltas] {
                lines.append("  " + row.enumerated().map { $0 == 0 ? $1.padding(6) : $1.leftPadding(7) }.joined())
            }
        }
        if skippedDetections > 0 {
            lines.append("")
            lines.append("Note: \(skippedDetections) results had a category id the ground truth does not list and were skipped "
                + "by COCOeval and TIDE (as pycocotools skips them).")
        }
        return lines.joined(separator: "\n")
    }

    /// Per-category AP and AP50 rows, -1 shown as "-".
    var categoryTable: [String] {
        let width = max(8, categories.map(\.name.count).max() ?? 0)
        var lines = ["Per-category AP (IoU 0.50:0.95 and 0.50, area all, maxDets 100):",
                     "  " + "id".leftPadding(4) + "  " + "name".padding(width) + "     AP   AP50"]
        for c in categories {
            let ap = c.ap < 0 ? "-" : String(format3: c.ap)
            let ap50 = c.ap50 < 0 ? "-" : String(format3: c.ap50)
            lines.append("  " + String(c.id).leftPadding(4) + "  " + c.name.padding(width) + ap.leftPadding(7) + ap50.leftPadding(7))
        }
        return lines
    }
}
