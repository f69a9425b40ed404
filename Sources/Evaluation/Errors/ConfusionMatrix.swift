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

    /// Counts `detections` against `groundTruth` by the rules above.
    public init(variant: String, groundTruth: COCODataset, detections: [COCODetection],
                scoreThreshold: Double = 0.3, iouThreshold: Double = 0.5) {
        self.init(variant: variant, groundTruth: groundTruth,
                  members: ConfusionMembers(groundTruth: groundTruth, detections: detections,
                                            scoreThreshold: scoreThreshold, iouThreshold: iouThreshold))
    }

    /// The matrix of `members` (computed on the same `groundTruth`): each cell's count of members.
    public init(variant: String, groundTruth: COCODataset, members: ConfusionMembers) {
        self.variant = variant
        categories = groundTruth.categories.map(\.name) + ["background"]
        matrix = members.counts
    }
}
