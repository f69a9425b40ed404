import Foundation
import Reporting

/// The paper's analysis of the heads over many samples: per head, the Pearson correlation
/// between its classification score and the proposal's IoU, and the mean IoU of its regressed
/// boxes per proposal-IoU bin.
///
/// `heads` lists every analysed head of every model (on the same proposals). The fields
/// `pearson_fc`, `pearson_conv` and the bins' `mean_fc_*` / `mean_conv_*` repeat the first
/// model's two heads when it is a Double-Head model (null otherwise), as the single-model
/// report always had them.
///
/// A number that is undefined (a mean over an empty bin, a correlation without variance or
/// with fewer than two samples, a head without scores or boxes) is nil, written as JSON null;
/// every field is always written, with snake_case names.
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

    /// One head's numbers.
    public struct Head: Sendable, Codable {
        /// One bin of one head: the means over the bin's samples.
        public struct Bin: Sendable, Codable {
            @OrNull public var meanBoxIoU: Double?
            @OrNull public var meanScore: Double?

            enum CodingKeys: String, CodingKey {
                case meanBoxIoU = "mean_box_iou", meanScore = "mean_score"
            }
        }

        public var model: String
        public var head: String
        @OrNull public var pearson: Double?
        /// In the order of the report's bins.
        public var bins: [Bin]
    }

    public var samples: Int
    @OrNull public var pearsonFc: Double?
    @OrNull public var pearsonConv: Double?
    public var bins: [Bin]
    public var heads: [Head]

    enum CodingKeys: String, CodingKey {
        case samples, pearsonFc = "pearson_fc", pearsonConv = "pearson_conv", bins, heads
    }

    /// Summarises `s` into the bins of `edges` (the last bin includes its upper edge).
    public init(samples s: HeadSamples, edges: [Double]) {
        samples = s.count
        let binCount = max(0, edges.count - 1)
        let binOf: [Int?] = s.proposalIoUs.map { value in
            (0..<binCount).first { b in value >= edges[b] && (value < edges[b + 1] || (b == binCount - 1 && value <= edges[b + 1])) }
        }
        /// The mean of `values` over bin `b`; nil for an empty bin or missing values.
        func mean(_ values: [Double]?, bin b: Int) -> Double? {
            guard let values, values.count == binOf.count else { return nil }
            let inBin = zip(values, binOf).filter { $0.1 == b }.map(\.0)
            return inBin.isEmpty ? nil : inBin.reduce(0, +) / Double(inBin.count)
        }
        heads = s.columns.map { column in
            Head(model: column.model, head: column.head,
                 pearson: column.scores.flatMap { $0.count == s.count ? Self.pearson($0, s.proposalIoUs) : nil },
                 bins: (0..<binCount).map { Head.Bin(meanBoxIoU: mean(column.boxIoUs, bin: $0), meanScore: mean(column.scores, bin: $0)) })
        }
        // The first model's Double-Head branches, under the names the report has always had.
        let first = s.columns.first?.model
        let fc = s.columns.first { $0.model == first && $0.head == "fc" }
        let conv = s.columns.first { $0.model == first && $0.head == "conv" }
        pearsonFc = fc?.scores.flatMap { Self.pearson($0, s.proposalIoUs) }
        pearsonConv = conv?.scores.flatMap { Self.pearson($0, s.proposalIoUs) }
        bins = (0..<binCount).map { b in
            Bin(low: edges[b], high: edges[b + 1], count: binOf.filter { $0 == b }.count,
                meanProposalIoU: mean(s.proposalIoUs, bin: b), meanFcBoxIoU: mean(fc?.boxIoUs, bin: b),
                meanConvBoxIoU: mean(conv?.boxIoUs, bin: b), meanFcScore: mean(fc?.scores, bin: b),
                meanConvScore: mean(conv?.scores, bin: b))
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
