import Evaluation
import Foundation
import Imaging

/// The head analysis as a picture: on the left, each proposal's class score against its IoU
/// for every head that classifies (the paper's Figure 2a); on the right, the mean IoU of the
/// regressed boxes per proposal-IoU bin for every head that regresses, with the proposals' own
/// mean IoU as the baseline (the paper's Figure 2b). Heads are told apart by colour (and named
/// in the legends): one Double-Head model's fc head blue and conv head vermillion, as always.
public enum HeadAnalysisChart {
    /// Okabe-Ito colours, distinguishable in every common form of colour blindness, one per head
    /// in the report's order.
    static let headColors: [RGBColor] = [.okabeBlue, .okabeVermillion, .okabeBluishGreen, .okabeOrange,
                                         .okabeReddishPurple, .okabeSkyBlue, .okabeYellow]
    static let axisColor = ChartPlot.axisColor

    /// Draws the chart at `width` x `height` pixels (at least 320 x 200).
    public static func draw(report: HeadAnalysisReport, samples: HeadSamples, title: String,
                            width: Int = 960, height: Int = 440) -> RGBImage {
        let w = max(320, width), h = max(200, height)
        var image = RGBImage(width: w, height: h, fill: .white)
        image.drawText(title, x: 12, y: 8, color: axisColor, background: nil, scale: 2)
        let top = 40, bottom = h - 44, half = w / 2
        let left = ChartPlot(x0: 52, y0: top, x1: half - 20, y1: bottom)
        let right = ChartPlot(x0: half + 52, y0: top, x1: w - 20, y1: bottom)
        let low = report.bins.first?.low ?? 0.5, high = report.bins.last?.high ?? 1.0
        let single = Set(report.heads.map(\.model)).count == 1
        let names = report.heads.map { single ? "\($0.head) head" : "\($0.model) \($0.head)" }
        let colors = report.heads.indices.map { headColors[$0 % headColors.count] }

        // Left: score against proposal IoU.
        left.frame(&image, xRange: low...high, yRange: 0...1, xLabel: "proposal IoU", yLabel: "score", xTicks: true)
        let scoring = samples.columns.indices.filter { samples.columns[$0].scores != nil }
        for i in 0..<samples.count where samples.proposalIoUs[i].isFinite {
            // Rotate the drawing order so no head hides the others everywhere.
            for n in scoring.indices {
                let k = scoring[(n + i) % scoring.count]
                guard let value = samples.columns[k].scores?[i], value.isFinite else { continue }
                let p = left.point(samples.proposalIoUs[i], value, xRange: low...high, yRange: 0...1)
                image.fill(x0: p.x - 1, y0: p.y - 1, x1: p.x + 2, y1: p.y + 2, color: colors[k])
            }
        }
        legend(&image, x: left.x0 + 8, y: left.y0 + 6, entries: report.heads.indices.compactMap { k in
            report.heads[k].pearson.map { ("\(names[k]) r=" + String(format: "%.3f", $0), colors[k]) }
        })

        // Right: regressed IoU per bin, a bar per regressing head.
        let regressing = report.heads.indices.filter { k in report.heads[k].bins.contains { $0.meanBoxIoU != nil } }
        let lowest = report.heads.flatMap { $0.bins.compactMap(\.meanBoxIoU) }.min() ?? low
        let yLow = max(0, min(low, lowest) - 0.05)
        right.frame(&image, xRange: low...high, yRange: yLow...1, xLabel: "proposal IoU bin", yLabel: "IoU after")
        let slot = Double(right.x1 - right.x0) / Double(max(1, report.bins.count))
        let barWidth = max(2, Int(slot * 0.76) / max(1, regressing.count) - 1)
        for (b, bin) in report.bins.enumerated() {
            let x = right.x0 + Int(Double(b) * slot)
            for (n, k) in regressing.enumerated() {
                guard let value = report.heads[k].bins[b].meanBoxIoU, value.isFinite else { continue }
                let y = right.point(low, value, xRange: low...high, yRange: yLow...1).y
                let x0 = x + Int(slot * 0.12) + n * (barWidth + 1)
                image.fill(x0: x0, y0: y, x1: x0 + barWidth, y1: right.y1, color: colors[k])
            }
            if let mean = bin.meanProposalIoU {
                let y = right.point(low, mean, xRange: low...high, yRange: yLow...1).y
                image.fill(x0: x + 2, y0: y, x1: x + Int(slot) - 2, y1: y + 1, color: axisColor)
            }
            image.drawText(String(format: "%.1f", bin.low), x: x + 2, y: right.y1 + 4, color: axisColor, background: nil)
        }
        legend(&image, x: right.x0 + 8, y: right.y0 + 6,
               entries: regressing.map { (names[$0], colors[$0]) } + [("proposals", axisColor)])
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
