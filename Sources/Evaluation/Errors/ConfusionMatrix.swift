/// mmdetection's confusion matrix (`tools/analysis_tools/confusion_matrix.py`): rows the
/// ground-truth class, columns the predicted class, background last in both.
///
/// Per image, every detection scoring at least `scoreThreshold` is compared with every
/// non-crowd ground-truth box: each box it overlaps with IoU >= `iouThreshold` adds one to
/// (box's class, detection's class), so a detection can count more than once; one that
/// overlaps none adds one to (background, its class). A box that no same-class detection
/// overlapped so adds one to (its class, background). Detections of a category the ground
/// truth does not list are left out, as COCOeval leaves them out.
public struct ConfusionMatrix: Sendable, Equatable, Encodable {
    /// What the detections are (a head variant, or "results").
    public var variant: String
    /// The ground truth's category names in its order, then "background".
    public var categories: [String]
    /// `categories.count` rows of `categories.count` counts.
    public var matrix: [[Int]]

    public init(variant: String, groundTruth: COCODataset, detections: [COCODetection],
                scoreThreshold: Double = 0.3, iouThreshold: Double = 0.5) {
        self.variant = variant
        categories = groundTruth.categories.map(\.name) + ["background"]
        let background = groundTruth.categories.count
        var index: [Int: Int] = [:]
        for (k, category) in groundTruth.categories.enumerated() where index[category.id] == nil { index[category.id] = k }
        var matrix = [[Int]](repeating: [Int](repeating: 0, count: background + 1), count: background + 1)
        var boxesByImage: [Int: [COCOAnnotation]] = [:]
        for annotation in groundTruth.annotations where !annotation.isCrowd && index[annotation.categoryID] != nil {
            boxesByImage[annotation.imageID, default: []].append(annotation)
        }
        var detectionsByImage: [Int: [COCODetection]] = [:]
        for detection in detections where detection.score >= scoreThreshold && index[detection.categoryID] != nil {
            detectionsByImage[detection.imageID, default: []].append(detection)
        }
        var seen = Set<Int>()
        for image in groundTruth.images where seen.insert(image.id).inserted {
            let boxes = boxesByImage[image.id] ?? []
            var found = [Int](repeating: 0, count: boxes.count)
            for detection in detectionsByImage[image.id] ?? [] {
                guard let predicted = index[detection.categoryID] else { continue }
                var overlaps = 0
                for (j, box) in boxes.enumerated() where detection.bbox.iou(box.bbox) >= iouThreshold {
                    overlaps += 1
                    if box.categoryID == detection.categoryID { found[j] += 1 }
                    matrix[index[box.categoryID] ?? background][predicted] += 1
                }
                if overlaps == 0 { matrix[background][predicted] += 1 }
            }
            for (j, box) in boxes.enumerated() where found[j] == 0 {
                matrix[index[box.categoryID] ?? background][background] += 1
            }
        }
        self.matrix = matrix
    }
}
