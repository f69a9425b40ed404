import Foundation

extension HeadAnalysisReport {
    /// The report as a table with a bar per mean IoU.
    public func text(source: HeadAnalysisRun.ProposalSource) -> String {
        func number(_ v: Double?) -> String { v.map { String(format: "%.3f", $0) } ?? "-" }
        let what = source == .rpn ? "RPN proposals matched to ground truth" : "proposals around ground truth"
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
}
