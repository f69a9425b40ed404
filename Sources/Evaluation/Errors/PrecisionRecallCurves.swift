import Foundation
import Reporting

/// Per-class precision-recall curves from pycocotools' precision array (area all, 100
/// detections per image), at pycocotools' 101 recall thresholds: at IoU 0.50, and averaged
/// over the ten IoU thresholds 0.50:0.95, whose mean over the recall points is the class's AP.
/// Encodes as `eval --pr-curves` writes it: {variant, recall: [101], classes: [{id, name, ap,
/// ap50, precision: [101], precision50: [101]}]}; a class without ground truth has null
/// curves and AP -1.
public struct PrecisionRecallCurves: Sendable, Encodable {
    /// One class's curves.
    public struct Curve: Sendable, Encodable, Equatable {
        public var id: Int
        public var name: String
        public var ap: Double
        public var ap50: Double
        /// Precision at each recall threshold, averaged over IoU 0.50:0.95.
        @OrNull public var precision: [Double]?
        /// Precision at each recall threshold at IoU 0.50.
        @OrNull public var precision50: [Double]?
    }

    public var variant: String
    /// The recall thresholds 0, 0.01, ..., 1.
    public var recall: [Double]
    public var classes: [Curve]

    public init(variant: String, evaluation: COCOEvaluation, groundTruth: COCODataset) {
        self.variant = variant
        recall = COCOParameters.recallThresholds
        var names: [Int: String] = [:]
        for category in groundTruth.categories where names[category.id] == nil { names[category.id] = category.name }
        let all = 0, most = COCOEvaluation.maxDetsCount - 1
        let recallPoints = COCOEvaluation.recallCount, thresholds = COCOEvaluation.iouCount
        let ap = evaluation.categoryAP, ap50 = evaluation.categoryAP50
        classes = evaluation.categoryIDs.enumerated().map { k, id in
            let hasTruth = evaluation.precision(iou: 0, recall: 0, category: k, area: all, maxDets: most) > -1
            let averaged = (0..<recallPoints).map { r in
                (0..<thresholds).map { evaluation.precision(iou: $0, recall: r, category: k, area: all, maxDets: most) }
                    .reduce(0, +) / Double(thresholds)
            }
            let atFifty = (0..<recallPoints).map { evaluation.precision(iou: 0, recall: $0, category: k, area: all, maxDets: most) }
            return Curve(id: id, name: names[id] ?? "", ap: ap[k], ap50: ap50[k],
                         precision: hasTruth ? averaged : nil, precision50: hasTruth ? atFifty : nil)
        }
    }
}
