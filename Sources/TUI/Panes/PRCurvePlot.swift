import Foundation
import Imaging
import Rendering

/// Precision-recall curves in braille (2 x 4 dots a cell) with axes: precision up from 0 to 1,
/// recall across from 0 to 1, the series drawn in order (the last on top).
public enum PRCurvePlot {
    /// One curve: precision at each recall threshold, in a colour.
    public struct Series: Sendable {
        /// Precision at each recall threshold (-1 where undefined).
        public var precision: [Double]
        public var color: RGBColor

        public init(precision: [Double], color: RGBColor) {
            self.precision = precision
            self.color = color
        }
    }

    /// Columns left of the plot for the precision labels and the axis.
    static let axisWidth = 5

    /// The dots of `series` (precision at `recall`) on a canvas of `columns` x `rows` cells.
    /// Negative precision (pycocotools' -1, no ground truth) is left out.
    public static func canvas(_ series: [Series], recall: [Double], columns: Int, rows: Int) -> BrailleCanvas {
        var canvas = BrailleCanvas(columns: columns, rows: rows)
        for (n, curve) in series.enumerated() {
            let points = zip(recall, curve.precision).map { r, p in (x: r, y: p < 0 ? Double.nan : p) }
            canvas.plot(points, series: n)
        }
        return canvas
    }

    /// Draws the axes and the curves into `rect` (at least 10 x 5 cells; nothing otherwise).
    public static func draw(_ series: [Series], recall: [Double], chrome: Chrome, into grid: inout CellGrid, rect: Rect) {
        guard rect.width >= 10, rect.height >= 5 else { return }
        let plotRows = rect.height - 2, plotColumns = rect.width - axisWidth
        let muted = chrome.muted
        // The precision axis: labels at 1, 0.5 and 0.
        for row in 0..<plotRows {
            grid[rect.x + axisWidth - 1, rect.y + row] = Cell("│", foreground: muted)
        }
        // Each label on the cell row holding its precision's dots.
        for (precision, text) in [(1.0, "1.0"), (0.5, "0.5"), (0.0, "0.0")] {
            let dotRow = Int(((1 - precision) * Double(plotRows * 4 - 1)).rounded())
            grid.write(text, in: rect, row: dotRow / 4, column: 0, foreground: muted)
        }
        // The recall axis and its labels.
        let axisRow = plotRows
        grid[rect.x + axisWidth - 1, rect.y + axisRow] = Cell("└", foreground: muted)
        for column in 0..<plotColumns {
            grid[rect.x + axisWidth + column, rect.y + axisRow] = Cell("─", foreground: muted)
        }
        grid.write("0", in: rect, row: axisRow + 1, column: axisWidth, foreground: muted)
        let middle = "0.5"
        grid.write(middle, in: rect, row: axisRow + 1, column: axisWidth + (plotColumns - middle.count) / 2, foreground: muted)
        let end = "recall 1"
        grid.write(end, in: rect, row: axisRow + 1, column: rect.width - end.count, foreground: muted)
        let canvas = canvas(series, recall: recall, columns: plotColumns, rows: plotRows)
        let cells = canvas.cells { n in series.indices.contains(n) ? chrome.color(series[n].color) : chrome.text }
        for row in 0..<cells.rows {
            for column in 0..<cells.columns where canvas.series(column: column, row: row) != nil {
                grid[rect.x + axisWidth + column, rect.y + row] = cells[column, row]
            }
        }
    }
}
