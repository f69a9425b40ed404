/// One (category, image) pair's slices of the sorted ground truth and detections.
struct PairRange: Sendable {
    var category: Int
    /// The image's index in the evaluator's sorted image ids.
    var image: Int
    /// Range in `groundTruthOrder`.
    var groundTruth: Range<Int>
    /// Range in the sorted detection order, already cut to maxDets.
    var detections: Range<Int>
    /// Where this pair's kept detections start in the kept arrays.
    var keptStart: Int
}
