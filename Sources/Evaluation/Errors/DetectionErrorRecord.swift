import Reporting

/// One line of `dhscope eval --errors FILE.jsonl`: a labelled detection or a missed box,
/// {variant, image_id, file, type, category_id, score, box, gt_id, gt_category_id, gt_box, iou}.
/// Boxes are COCO's [x, y, width, height]; score and box are null for a miss, the ground-truth
/// fields for bkg, iou for bkg and miss.
public struct DetectionErrorRecord: Sendable, Equatable, Encodable {
    public var variant: String
    public var imageID: Int
    public var file: String
    public var type: DetectionLabel.Kind
    /// The detection's category, or the missed box's.
    public var categoryID: Int
    @OrNull public var score: Double?
    @OrNull public var box: [Double]?
    @OrNull public var groundTruthID: Int?
    @OrNull public var groundTruthCategoryID: Int?
    @OrNull public var groundTruthBox: [Double]?
    @OrNull public var iou: Double?

    enum CodingKeys: String, CodingKey {
        case variant, imageID = "image_id", file, type, categoryID = "category_id", score, box
        case groundTruthID = "gt_id", groundTruthCategoryID = "gt_category_id", groundTruthBox = "gt_box", iou
    }

    /// The records of `labels` (from ``TIDEAnalysis/labels(groundTruth:detections:positiveThreshold:backgroundThreshold:maxDetections:)``
    /// on the same `groundTruth` and `detections`), in the labels' order.
    public static func records(variant: String, groundTruth: COCODataset, detections: [COCODetection],
                               labels: [DetectionLabel]) -> [DetectionErrorRecord] {
        var files: [Int: String] = [:]
        for image in groundTruth.images where files[image.id] == nil { files[image.id] = image.fileName }
        return labels.compactMap { label in
            let detection = label.detection.flatMap { detections.indices.contains($0) ? detections[$0] : nil }
            let annotation = label.annotation.flatMap { groundTruth.annotations.indices.contains($0) ? groundTruth.annotations[$0] : nil }
            guard let imageID = detection?.imageID ?? annotation?.imageID,
                  let categoryID = detection?.categoryID ?? annotation?.categoryID else { return nil }
            return DetectionErrorRecord(
                variant: variant, imageID: imageID, file: files[imageID] ?? "", type: label.kind, categoryID: categoryID,
                score: detection?.score, box: detection.map { $0.bbox.values }, groundTruthID: annotation?.id,
                groundTruthCategoryID: annotation?.categoryID, groundTruthBox: annotation.map { $0.bbox.values },
                iou: label.iou)
        }
    }
}

extension COCOBox {
    /// [x, y, width, height].
    public var values: [Double] { [x, y, width, height] }
}
