import Evaluation
import Foundation
import Imaging

/// The head analysis as a picture: on the left, each proposal's class score against its
/// IoU for both heads (the paper's Figure 2a); on the right, the mean IoU of the regressed
/// boxes per proposal-IoU bin for both heads, with the proposals' own mean IoU as the
/// baseline (the paper's Figure 2b).
public enum HeadAnalysisChart {
    /// Okabe-Ito blue (fc head) and vermillion (conv head): distinguishable in every common
    /// form of colour blindness.
    static let fcColor = RGBColor.okabeBlue
    static let convColor = RGBColor.okabeVermillion
    static let axisColor = ChartPlot.axisColor

    /// Draws the chart at `width` x `height` pixels (at least 320 x 200).
    public static func draw(report: HeadAnalysisReport, samples: [HeadAnalysisSample], title: String,
                            width: Int = 960, height: Int = 440) -> RGBImage {
        let w = max(320, width), h = max(200, height)
        var image = RGBImage(width: w, height: h, fill: .white)
        image.drawText(title, x: 12, y: 8, color: axisColor, background: nil, scale: 2)
        let top = 40, bottom = h - 44, half = w / 2
        let left = ChartPlot(x0: 52, y0: top, x1: half - 20, y1: bottom)
        let right = ChartPlot(x0: half + 52, y0: top, x1: w - 20, y1: bottom)
        let low = report.bins.first?.low ?? 0.5, high = report.bins.last?.high ?? 1.0

        // Left: score against proposal IoU.
        left.frame(&image, xRange: low...high, yRange: 0...1, xLabel: "proposal IoU", yLabel: "score", xTicks: true)
        for (i, s) in samples.enumerated() {
            // Alternate the drawing order so neither head hides the other everywhere.
            let pairs: [(Double?, RGBColor)] = i % 2 == 0
                ? [(s.fcScore, fcColor), (s.convScore, convColor)] : [(s.convScore, convColor), (s.fcScore, fcColor)]
            for (value, color) in pairs {
                guard let value, value.isFinite, s.proposalIoU.isFinite else { continue }
                let p = left.point(s.proposalIoU, value, xRange: low...high, yRange: 0...1)
                image.fill(x0: p.x - 1, y0: p.y - 1, x1: p.x + 2, y1: p.y + 2, color: color)
            }
        }
        let fcR = report.pearsonFc.map { String(format: "%.3f", $0) } ?? "-"
        let convR = report.pearsonConv.map { String(format: "%.3f", $0) } ?? "-"
        legend(&image, x: left.x0 + 8, y: left.y0 + 6, entries: [("fc head r=" + fcR, fcColor), ("conv head r=" + convR, convColor)])

        // Right: regressed IoU per bin.
        let yLow = max(0, min(low, report.bins.compactMap { [$0.meanFcBoxIoU, $0.meanConvBoxIoU].compactMap { $0 }.min() }.min() ?? low) - 0.05)
        right.frame(&image, xRange: low...high, yRange: yLow...1, xLabel: "proposal IoU bin", yLabel: "IoU after")
        let count = max(1, report.bins.count)
        let slot = Double(right.x1 - right.x0) / Double(count)
        for (b, bin) in report.bins.enumerated() {
            let x = right.x0 + Int(Double(b) * slot)
            let barWidth = max(2, Int(slot * 0.35))
            func bar(_ value: Double?, offset: Int, color: RGBColor) {
                guard let value, value.isFinite else { return }
                let y = right.point(low, value, xRange: low...high, yRange: yLow...1).y
                image.fill(x0: x + offset, y0: y, x1: x + offset + barWidth, y1: right.y1, color: color)
            }
            bar(bin.meanFcBoxIoU, offset: Int(slot * 0.12), color: fcColor)
            bar(bin.meanConvBoxIoU, offset: Int(slot * 0.12) + barWidth + 1, color: convColor)
            if let mean = bin.meanProposalIoU {
                let y = right.point(low, mean, xRange: low...high, yRange: yLow...1).y
                image.fill(x0: x + 2, y0: y, x1: x + Int(slot) - 2, y1: y + 1, color: axisColor)
            }
            image.drawText(String(format: "%.1f", bin.low), x: x + 2, y: right.y1 + 4, color: axisColor, background: nil)
        }
        legend(&image, x: right.x0 + 8, y: right.y0 + 6,
               entries: [("fc head", fcColor), ("conv head", convColor), ("proposals", axisColor)])
        return image
    }

    private static func legend(_ image: inout RGBImage, x: Int, y: Int, entries: [(String, RGBColor)]) {
        for (i, entry) in entries.enumerated() {
            let row = y + i * 12
            image.fill(x0: x, y0: row + 1, x1: x + 8, y1: row + 8, color: entry.1)
            image.drawText(entry.0, x: x + 12, y: row + 1, color: axisColor, background: .white)
        }
    }
}
