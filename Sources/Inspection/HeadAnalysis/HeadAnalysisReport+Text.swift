import Foundation

extension HeadAnalysisReport {
    /// The report as text: one Double-Head model's two heads with a bar per mean IoU, or a
    /// table with a row per head when several models (or a single-head model) were analysed.
    public func text(source: HeadAnalysisRun.ProposalSource) -> String {
        let models = Set(heads.map(\.model))
        guard models.count == 1, heads.map(\.head) == ["fc", "conv"] else { return comparisonText(source: source) }
        func number(_ v: Double?) -> String { Self.number(v) }
        let what = Self.what(source)
        var lines = ["\(samples) \(what). Pearson r(score, IoU): fc \(number(pearsonFc))"
            + (pearsonConv.map { ", conv " + number($0) } ?? "")]
        lines.append("proposal IoU   n     mean IoU after regression          mean score")
        lines.append("                     fc head        conv head           fc     conv")
        for bin in bins {
            func bar(_ v: Double?) -> String {
                guard let v else { return "-".padding(toLength: 14, withPad: " ", startingAt: 0) }
                // Ten blocks span IoU 0.5 to 1.0.
                let filled = max(0, min(10, Int(((v - 0.5) * 20).rounded())))
                return String(format: "%.3f ", v) + String(repeating: "\u{2588}", count: filled)
                    .padding(toLength: 10, withPad: " ", startingAt: 0)
            }
            lines.append(String(format: "%.1f-%.1f  %5d    ", bin.low, bin.high, bin.count) + bar(bin.meanFcBoxIoU) + " "
                + bar(bin.meanConvBoxIoU) + "   " + number(bin.meanFcScore)
                + (bin.meanConvScore.map { "  " + number($0) } ?? ""))
        }
        return lines.joined(separator: "\n")
    }

    static func number(_ v: Double?) -> String { v.map { String(format: "%.3f", $0) } ?? "-" }

    static func what(_ source: HeadAnalysisRun.ProposalSource) -> String {
        source == .rpn ? "RPN proposals matched to ground truth" : "proposals around ground truth"
    }

    /// A row per head: Pearson r(score, IoU), then the mean IoU after regression per bin; then
    /// the mean score of the ground truth's class per bin.
    func comparisonText(source: HeadAnalysisRun.ProposalSource) -> String {
        let nameWidth = max(12, (heads.map { "\($0.model) \($0.head)".count }.max() ?? 0) + 2)
        func cells(_ values: [String]) -> String { values.map { $0.leftPadded(to: 8) }.joined() }
        func row(_ name: String, _ values: [String]) -> String {
            name.padding(toLength: nameWidth, withPad: " ", startingAt: 0) + cells(values)
        }
        let ranges = bins.map { String(format: "%.1f-%.1f", $0.low, $0.high) }
        var lines = ["\(samples) \(Self.what(source)), the same for every head."]
        lines.append("")
        lines.append("Pearson r(score, IoU), then the mean IoU after regression per proposal-IoU bin")
        lines.append(row("head", ["r"] + ranges))
        lines.append(row("proposals", [""] + bins.map { Self.number($0.meanProposalIoU) }))
        for head in heads {
            lines.append(row("\(head.model) \(head.head)", [Self.number(head.pearson)] + head.bins.map { Self.number($0.meanBoxIoU) }))
        }
        lines.append(row("samples", [""] + bins.map { "\($0.count)" }))
        lines.append("")
        lines.append("mean score of the ground truth's class")
        for head in heads {
            lines.append(row("\(head.model) \(head.head)", [""] + head.bins.map { Self.number($0.meanScore) }))
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    /// The string right-aligned in `width` columns (unchanged when longer).
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? " " + self : String(repeating: " ", count: width - count) + self
    }
}
