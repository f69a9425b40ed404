/// The largest differences between an analysis' outputs and a reference's, by kind.
struct ParityWorst: CustomStringConvertible {
    var scores: Float = 0
    var deltas: Float = 0
    var detectionScores: Float = 0
    var detectionBoxes: Float = 0

    var description: String {
        "scores \(scores), deltas \(deltas), detection scores \(detectionScores), boxes \(detectionBoxes) px"
    }
}
