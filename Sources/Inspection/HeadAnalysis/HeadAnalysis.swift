import Reporting
import Evaluation
import Compute
import Detector
import Foundation

/// Runs the heads on proposals and scores them against the ground truth they belong to.
public enum HeadAnalysis {
    /// Samples for `proposals` drawn around `targets` (same order; target label = model class index).
    public static func samples(_ analysis: RawAnalysis, targets: [(box: Box, label: Int)]) -> [HeadAnalysisSample] {
        samples(analysis, matched: zip(0..<analysis.roiCount, targets).map { (roi: $0, box: $1.box, label: $1.label) })
    }

    /// Samples for the RoIs named in `matched`, each scored against its ground truth.
    public static func samples(_ analysis: RawAnalysis, matched: [(roi: Int, box: Box, label: Int)]) -> [HeadAnalysisSample] {
        let fcBoxes = PostProcessor.decodedBoxes(analysis, branch: .fc)
        let convBoxes = PostProcessor.decodedBoxes(analysis, branch: .conv) ?? []
        let rc = analysis.regressionClasses
        return matched.compactMap { target in
            let i = target.roi, k = target.label
            guard i >= 0, i < analysis.roiCount, k >= 0, k < analysis.numClasses else { return nil }
            let slot = i * rc + (rc == 1 ? 0 : k)
            return HeadAnalysisSample(
                proposalIoU: Double(iou(analysis.proposals[i], target.box)),
                fcScore: Double(analysis.fcScores(roi: i)[analysis.fcScores(roi: i).startIndex + k]),
                convScore: analysis.convScores(roi: i).map { Double($0[$0.startIndex + k]) },
                fcBoxIoU: fcBoxes.map { Double(iou($0[slot], target.box)) },
                convBoxIoU: slot < convBoxes.count ? Double(iou(convBoxes[slot], target.box)) : 0)
        }
    }

    /// The RPN's own proposals matched to ground truth: each proposal's best-overlapping
    /// ground-truth box (of a class the model knows), kept when that IoU is at least `minimumIoU`.
    public static func matchProposals(_ analysis: RawAnalysis, truth: [(box: Box, label: Int)],
                                      minimumIoU: Double) -> [(roi: Int, box: Box, label: Int)] {
        guard !truth.isEmpty else { return [] }
        var out: [(roi: Int, box: Box, label: Int)] = []
        for (i, proposal) in analysis.proposals.enumerated() {
            var best = -1
            var bestIoU: Float = -1
            for (j, t) in truth.enumerated() {
                let overlap = iou(proposal, t.box)
                if overlap > bestIoU { bestIoU = overlap; best = j }
            }
            if best >= 0, Double(bestIoU) >= minimumIoU { out.append((i, truth[best].box, truth[best].label)) }
        }
        return out
    }
}
