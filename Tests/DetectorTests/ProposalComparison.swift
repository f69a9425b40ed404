import Compute
@testable import Detector

/// A detector's own proposals against a reference's, as sets: proposals whose objectness ties
/// to within float rounding may swap places, so every reference proposal needs a twin (box
/// within 1e-2 px, objectness within 1e-4), and where the order differs the scores tie (within
/// 1e-5: two implementations' objectness differs by up to about 2e-6 on these fixtures).
struct ProposalComparison {
    /// Reference proposals without a twin.
    var unmatched = 0
    /// Twins found at another row although their scores do not tie.
    var misordered = 0
    /// The largest box and objectness differences between twins.
    var worstBox: Float = 0
    var worstObjectness: Float = 0

    /// `boxes` in original pixels, `objectness` the reference's sigmoid scores, in its order.
    init(_ own: RawAnalysis, boxes: [[Float]], objectness: [Float]) {
        let scores = own.objectness ?? []
        for (i, expected) in boxes.enumerated() {
            let expectedScore = objectness.indices.contains(i) ? objectness[i] : -1
            let twin = own.proposals.indices.first {
                maxDifference(own.proposals[$0].values, expected) <= 1e-2 && abs(scores[$0] - expectedScore) <= 1e-4
            }
            guard let twin else { unmatched += 1; continue }
            worstBox = max(worstBox, maxDifference(own.proposals[twin].values, expected))
            worstObjectness = max(worstObjectness, abs(scores[twin] - expectedScore))
            if twin != i && scores.indices.contains(i) && abs(scores[twin] - scores[i]) > 1e-5 { misordered += 1 }
        }
    }
}
