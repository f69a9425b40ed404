import Foundation
import Reporting

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
