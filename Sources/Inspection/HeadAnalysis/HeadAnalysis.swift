import Reporting
import Evaluation
import Compute
import Detector
import Foundation

/// Runs the heads on proposals and scores them against the ground truth they belong to.
public enum HeadAnalysis {
    /// The samples of `analysis`'s RoIs, RoI `i` drawn around `targets[i]` (target label =
    /// the model's class index), every head of the model named `model`.
    public static func samples(_ analysis: RawAnalysis, targets: [(box: Box, label: Int)], model: String,
                               layout: ModelLayout) -> HeadSamples {
        samples(analysis, matched: zip(0..<analysis.roiCount, targets).map { (roi: $0, box: $1.box, label: $1.label) },
                model: model, layout: layout)
    }

    /// The samples of the RoIs named in `matched`, each scored against its ground truth, for
    /// every head of the model named `model`: a Double-Head model's fc and conv branches
    /// (each with what it has of scores and boxes), or a single head's scores and boxes.
    public static func samples(_ analysis: RawAnalysis, matched: [(roi: Int, box: Box, label: Int)], model: String,
                               layout: ModelLayout) -> HeadSamples {
        let valid = matched.filter { $0.roi >= 0 && $0.roi < analysis.roiCount && $0.label >= 0 && $0.label < analysis.numClasses }
        let rc = analysis.regressionClasses
        func boxIoUs(_ boxes: [Box]?) -> [Double]? {
            guard let boxes else { return nil }
            return valid.map { target in
                let slot = target.roi * rc + (rc == 1 ? 0 : target.label)
                return slot < boxes.count ? Double(iou(boxes[slot], target.box)) : 0
            }
        }
        func scores(_ row: (Int) -> ArraySlice<Float>?) -> [Double]? {
            var out: [Double] = []
            for target in valid {
                guard let scores = row(target.roi) else { return nil }
                out.append(Double(scores[scores.startIndex + target.label]))
            }
            return out
        }
        let fc = HeadColumn(model: model, head: layout.isDoubleHead ? "fc" : layout.headName,
                            scores: scores { analysis.fcScores(roi: $0) },
                            boxIoUs: boxIoUs(PostProcessor.decodedBoxes(analysis, branch: .fc)))
        var columns = [fc]
        if layout.isDoubleHead {
            columns.append(HeadColumn(model: model, head: "conv", scores: scores { analysis.convScores(roi: $0) },
                                      boxIoUs: boxIoUs(PostProcessor.decodedBoxes(analysis, branch: .conv))))
        }
        return HeadSamples(proposalIoUs: valid.map { Double(iou(analysis.proposals[$0.roi], $0.box)) }, columns: columns)
    }

    /// The RPN's own proposals matched to ground truth: each proposal's best-overlapping box of
    /// `truth`, kept when that IoU is at least `minimumIoU`; `truth` is the index into `truth`.
    public static func matchProposals(_ analysis: RawAnalysis, truth: [Box], minimumIoU: Double) -> [(roi: Int, truth: Int)] {
        guard !truth.isEmpty else { return [] }
        var out: [(roi: Int, truth: Int)] = []
        for (i, proposal) in analysis.proposals.enumerated() {
            var best = -1
            var bestIoU: Float = -1
            for (j, box) in truth.enumerated() {
                let overlap = iou(proposal, box)
                if overlap > bestIoU { bestIoU = overlap; best = j }
            }
            if best >= 0, Double(bestIoU) >= minimumIoU { out.append((i, best)) }
        }
        return out
    }
}
