import Reporting
import Evaluation
import Compute
import Detector
import Foundation

/// One proposal of the head analysis: its IoU with the ground truth it was drawn around, the
/// class score each head gives that ground truth's class, and the IoU of each head's
/// regressed box (for that class) with the ground truth.
public struct HeadAnalysisSample: Sendable, Codable, Equatable {
    public var proposalIoU: Double
    public var fcScore: Double
    public var convScore: Double?
    public var fcBoxIoU: Double?
    public var convBoxIoU: Double

    public init(proposalIoU: Double, fcScore: Double, convScore: Double?, fcBoxIoU: Double?, convBoxIoU: Double) {
        self.proposalIoU = proposalIoU
        self.fcScore = fcScore
        self.convScore = convScore
        self.fcBoxIoU = fcBoxIoU
        self.convBoxIoU = convBoxIoU
    }

    enum CodingKeys: String, CodingKey {
        case proposalIoU = "proposal_iou", fcScore = "fc_score", convScore = "conv_score"
        case fcBoxIoU = "fc_box_iou", convBoxIoU = "conv_box_iou"
    }
}

/// The paper's analysis of the two heads over many samples: Pearson correlation between
/// classification score and proposal IoU per head, and the regressed boxes' mean IoU per
/// proposal-IoU bin per head.
///
/// A number that is undefined (a mean over an empty bin, a correlation without variance or
/// with fewer than two samples, a head the model lacks) is nil, written as JSON null; every
/// field is always written, with snake_case names.
public struct HeadAnalysisReport: Sendable, Codable {
    public struct Bin: Sendable, Codable {
        public var low: Double
        public var high: Double
        public var count: Int
        @OrNull public var meanProposalIoU: Double?
        @OrNull public var meanFcBoxIoU: Double?
        @OrNull public var meanConvBoxIoU: Double?
        @OrNull public var meanFcScore: Double?
        @OrNull public var meanConvScore: Double?

        enum CodingKeys: String, CodingKey {
            case low, high, count, meanProposalIoU = "mean_proposal_iou", meanFcBoxIoU = "mean_fc_box_iou"
            case meanConvBoxIoU = "mean_conv_box_iou", meanFcScore = "mean_fc_score", meanConvScore = "mean_conv_score"
        }
    }

    public var samples: Int
    @OrNull public var pearsonFc: Double?
    @OrNull public var pearsonConv: Double?
    public var bins: [Bin]

    enum CodingKeys: String, CodingKey {
        case samples, pearsonFc = "pearson_fc", pearsonConv = "pearson_conv", bins
    }

    /// Summarises samples into the bins of `edges`.
    public init(samples s: [HeadAnalysisSample], edges: [Double]) {
        samples = s.count
        pearsonFc = Self.pearson(s.map(\.fcScore), s.map(\.proposalIoU))
        let conv = s.compactMap(\.convScore)
        pearsonConv = conv.count == s.count ? Self.pearson(conv, s.map(\.proposalIoU)) : nil
        bins = (0..<max(0, edges.count - 1)).map { b in
            let last = b == edges.count - 2
            let inBin = s.filter { $0.proposalIoU >= edges[b] && ($0.proposalIoU < edges[b + 1] || (last && $0.proposalIoU <= edges[b + 1])) }
            /// The mean of a value every sample of the bin has; nil for an empty bin or a missing value.
            func mean(_ values: [Double]) -> Double? {
                values.isEmpty || values.count != inBin.count ? nil : values.reduce(0, +) / Double(values.count)
            }
            return Bin(low: edges[b], high: edges[b + 1], count: inBin.count,
                       meanProposalIoU: mean(inBin.map(\.proposalIoU)), meanFcBoxIoU: mean(inBin.compactMap(\.fcBoxIoU)),
                       meanConvBoxIoU: mean(inBin.map(\.convBoxIoU)), meanFcScore: mean(inBin.map(\.fcScore)),
                       meanConvScore: mean(inBin.compactMap(\.convScore)))
        }
    }

    /// Pearson's r; nil with fewer than two pairs or when either side has no variance.
    public static func pearson(_ x: [Double], _ y: [Double]) -> Double? {
        let n = Double(min(x.count, y.count))
        guard n > 1 else { return nil }
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (a, b) in zip(x, y) {
            sxy += (a - mx) * (b - my)
            sxx += (a - mx) * (a - mx)
            syy += (b - my) * (b - my)
        }
        let r = sxy / (sxx * syy).squareRoot()
        return sxx > 0 && syy > 0 && r.isFinite ? r : nil
    }
}

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
