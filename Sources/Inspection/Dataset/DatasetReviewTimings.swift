import Evaluation

/// How long building a ``DatasetReview`` took, in seconds.
public struct DatasetReviewTimings: Sendable, Equatable, Codable {
    /// Detections to COCO results, the analysed images to a COCO dataset.
    public var toCOCO: Double
    /// The variants' evaluations, wall time (their parts run concurrently).
    public var evaluation: Double
    /// Each part's task time, summed over the variants.
    public var parts: DatasetEvaluationTimings
    /// The labels, misses and confusion members back to images, detections and objects.
    public var labelMapping: Double

    /// The given times (seconds).
    public init(toCOCO: Double = 0, evaluation: Double = 0, parts: DatasetEvaluationTimings = DatasetEvaluationTimings(),
                labelMapping: Double = 0) {
        self.toCOCO = toCOCO
        self.evaluation = evaluation
        self.parts = parts
        self.labelMapping = labelMapping
    }

    /// The whole build.
    public var total: Double { toCOCO + evaluation + labelMapping }

    enum CodingKeys: String, CodingKey {
        case toCOCO = "to_coco", evaluation, parts, labelMapping = "label_mapping"
    }
}
