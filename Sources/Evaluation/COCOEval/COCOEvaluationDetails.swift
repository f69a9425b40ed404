/// COCOeval's result with the per-(image, category) matching it was accumulated from, for
/// what derives from the same run (the AP of each image alone).
struct COCOEvaluationDetails: Sendable {
    let evaluation: COCOEvaluation
    /// The (image, category) pairs with ground truth or detections, category-major.
    let pairs: [PairRange]
    let matches: PairMatches
    /// The number of images (the evaluator's sorted image ids).
    let imageCount: Int
}
