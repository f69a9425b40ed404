import Foundation
import Rendering

/// A table of numbers with one column per head variant, as the dataset pane draws them: a
/// name column, then right-aligned values, the best of each row in bold accent.
struct DatasetTable {
    /// One line: its name and a value per column (nil or negative shown as "-").
    struct Row {
        var name: String
        var values: [Double?]
        /// The text of each value (the value's own format by default).
        var texts: [String]?
        /// Whether the line is under a cursor.
        var selected = false
    }

    var columns: [String]
    /// The column of the current variant (its header in the accent colour).
    var current: Int?
    var nameWidth: Int
    var columnWidth: Int
    /// Whether larger values are better (the best is highlighted); nil highlights nothing.
    var higherIsBetter: Bool? = true
    var decimals = 3

    /// How wide the table is.
    var width: Int { nameWidth + columns.count * columnWidth }

    /// The text of a value.
    func text(_ value: Double?) -> String {
        guard let value, value >= 0, value.isFinite else { return "-" }
        return String(format: "%.\(decimals)f", value)
    }

    /// Draws the column headers on `row` of `rect`.
    func drawHeader(_ title: String, chrome: Chrome, into grid: inout CellGrid, rect: Rect, row: Int) {
        grid.write(title, in: rect, row: row, foreground: chrome.muted)
        for (n, name) in columns.enumerated() {
            let cell = String(name.prefix(columnWidth - 1))
            let column = nameWidth + (n + 1) * columnWidth - cell.count
            grid.write(cell, in: rect, row: row, column: column, foreground: n == current ? chrome.accent : chrome.muted,
                       attributes: n == current ? [.bold] : [])
        }
    }

    /// Draws one line on `row` of `rect`.
    func draw(_ line: Row, chrome: Chrome, into grid: inout CellGrid, rect: Rect, row: Int) {
        let background: TerminalColor = line.selected ? chrome.highlight : .default
        if line.selected {
            grid.clear(Rect(x: rect.x, y: rect.y + row, width: min(rect.width, width), height: 1), background: background)
        }
        let attributes: CellAttributes = line.selected ? chrome.highlightAttributes : []
        grid.write(String(line.name.prefix(nameWidth - 1)), in: rect, row: row, foreground: chrome.text,
                   background: background, attributes: attributes)
        // Compared as shown: values equal at the decimals shown are equally good.
        let scale = pow(10, Double(decimals))
        func rounded(_ value: Double?) -> Double? {
            guard let value, value >= 0, value.isFinite else { return nil }
            return (value * scale).rounded() / scale
        }
        let finite = line.values.compactMap(rounded)
        let best = higherIsBetter.flatMap { $0 ? finite.max() : finite.min() }
        let highlight = best != nil && Set(finite).count > 1
        for (n, value) in line.values.enumerated() {
            let shown = line.texts.flatMap { $0.indices.contains(n) ? $0[n] : nil } ?? text(value)
            let cell = String(shown.suffix(columnWidth - 1))
            let isBest = highlight && rounded(value) == best
            grid.write(cell, in: rect, row: row, column: nameWidth + (n + 1) * columnWidth - cell.count,
                       foreground: isBest ? chrome.accent : chrome.text, background: background,
                       attributes: isBest ? attributes.union(.bold) : attributes)
        }
    }
}
