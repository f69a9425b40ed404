import Evaluation
import Foundation
import Imaging

/// `eval --png`: one row per evaluated set (a head variant, or a results file), three panels
/// each: every class's precision-recall curve (precision averaged over IoU 0.50:0.95, so the
/// area under a curve is the class's AP), the confusion matrix (each ground-truth row shaded
/// by its share, the count written when it fits), and TIDE's dAP per error type.
public enum EvaluationChart {
    /// One row of the chart.
    public struct Row: Sendable {
        public var report: EvaluationReport
        public var curves: PrecisionRecallCurves
        public var confusion: ConfusionMatrix

        public init(report: EvaluationReport, curves: PrecisionRecallCurves, confusion: ConfusionMatrix) {
            self.report = report
            self.curves = curves
            self.confusion = confusion
        }
    }

    static let rowHeight = 300
    static let width = 1200
    static let text = ChartPlot.axisColor
    /// Okabe-Ito: one colour per class in turn.
    static let classColors: [RGBColor] = [
        .okabeBlue, .okabeVermillion, .okabeBluishGreen, .okabeReddishPurple,
        .okabeOrange, .okabeSkyBlue, .okabeYellow, .okabeBlack,
    ]

    /// The chart of `rows` (at most 8 are drawn; more make an image nobody reads).
    public static func draw(_ rows: [Row], title: String) -> RGBImage {
        let shown = Array(rows.prefix(8))
        var image = RGBImage(width: width, height: 36 + max(1, shown.count) * rowHeight, fill: .white)
        image.drawText(title, x: 12, y: 8, color: text, background: nil, scale: 2)
        for (index, row) in shown.enumerated() {
            let top = 36 + index * rowHeight
            let ap = String(format: "%.3f", row.report.statsList.first ?? -1)
            image.drawText("\(row.curves.variant): AP \(ap)", x: 12, y: top + 4, color: text, background: nil, scale: 2)
            drawCurves(row, into: &image, plot: ChartPlot(x0: 56, y0: top + 40, x1: 380, y1: top + rowHeight - 40))
            drawConfusion(row.confusion, into: &image, x: 430, y: top + 40, size: rowHeight - 80)
            drawTIDE(row.report, into: &image, plot: ChartPlot(x0: 820, y0: top + 40, x1: width - 30, y1: top + rowHeight - 40))
        }
        return image
    }

    private static func drawCurves(_ row: Row, into image: inout RGBImage, plot: ChartPlot) {
        plot.frame(&image, xRange: 0...1, yRange: 0...1, xLabel: "recall", yLabel: "precision", xTicks: true)
        var legendRow = 0
        for (k, curve) in row.curves.classes.enumerated() {
            guard let precision = curve.precision else { continue }
            let color = classColors[k % classColors.count]
            var previous: (x: Int, y: Int)?
            for (r, value) in zip(row.curves.recall, precision) {
                let point = plot.point(r, value, xRange: 0...1, yRange: 0...1)
                if let previous { image.drawLine(x0: previous.x, y0: previous.y, x1: point.x, y1: point.y, color: color) }
                previous = point
            }
            if legendRow < 12 {
                let y = plot.y0 + 4 + legendRow * 11
                image.fill(x0: plot.x1 - 110, y0: y + 1, x1: plot.x1 - 102, y1: y + 8, color: color)
                image.drawText("\(curve.name.prefix(10)) \(String(format: "%.2f", curve.ap))", x: plot.x1 - 98, y: y + 1,
                               color: text, background: .white)
                legendRow += 1
            }
        }
    }

    private static func drawConfusion(_ confusion: ConfusionMatrix, into image: inout RGBImage, x: Int, y: Int, size: Int) {
        let n = max(1, confusion.categories.count)
        let cell = max(2, size / n)
        image.drawText("confusion (rows: truth)", x: x, y: y - 14, color: text, background: nil)
        for (i, row) in confusion.matrix.enumerated() {
            let total = max(1, row.reduce(0, +))
            for (j, count) in row.enumerated() {
                // White to Okabe-Ito blue by the row's share; diagonal right, off-diagonal wrong.
                let share = Double(count) / Double(total)
                let shade = RGBColor(UInt8(255 - share * 255), UInt8(255 - share * 141), UInt8(255 - share * 77))
                let x0 = x + j * cell, y0 = y + i * cell
                image.fill(x0: x0, y0: y0, x1: x0 + cell - 1, y1: y0 + cell - 1, color: shade)
                let label = String(count)
                if cell >= 18, count > 0, RGBImage.textSize(label).width <= cell - 2 {
                    image.drawText(label, x: x0 + 1, y: y0 + (cell - 7) / 2, color: share > 0.5 ? .white : text, background: nil)
                }
            }
        }
        let names = confusion.categories
        for (i, name) in names.enumerated() where cell >= 8 {
            image.drawText(String(name.prefix(8)), x: x + n * cell + 4, y: y + i * cell + (cell - 7) / 2, color: text, background: nil)
        }
    }

    private static func drawTIDE(_ report: EvaluationReport, into image: inout RGBImage, plot: ChartPlot) {
        guard let tide = report.tide else {
            image.drawText("TIDE not run (--no-tide)", x: plot.x0, y: plot.y0, color: text, background: nil)
            return
        }
        let top = max(1, (tide.map(\.deltaAP).max() ?? 1).rounded(.up))
        plot.frame(&image, xRange: 0...1, yRange: 0...top, xLabel: "TIDE error type", yLabel: "dAP")
        let slot = Double(plot.x1 - plot.x0) / Double(max(1, tide.count))
        for (i, entry) in tide.enumerated() {
            let x0 = plot.x0 + Int(Double(i) * slot + slot * 0.2), x1 = plot.x0 + Int(Double(i + 1) * slot - slot * 0.2)
            let y = plot.point(0, entry.deltaAP, xRange: 0...1, yRange: 0...top).y
            image.fill(x0: x0, y0: y, x1: x1, y1: plot.y1, color: classColors[i % classColors.count])
            image.drawText(entry.type, x: x0, y: plot.y1 + 4, color: text, background: nil)
            image.drawText("\(entry.count)", x: x0, y: y - 10, color: text, background: nil)
        }
    }
}
