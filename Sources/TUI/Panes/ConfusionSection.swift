import Evaluation
import Foundation
import Rendering

/// The dataset pane's third section: the current variant's confusion matrix (rows the
/// ground-truth class, columns the predicted class, background last), a cell cursor moved with
/// the arrows or h j k l, wide matrices scrolled to keep it in view; or, after Enter, the
/// cell's members, one a line.
enum ConfusionSection {
    /// One member of a cell as listed.
    struct MemberLine {
        var file: String
        /// The detection's class, or the missed object's.
        var className: String
        var score: Float?
        var iou: Double?
    }

    static let cellWidth = 6

    static func draw(matrix: ConfusionMatrix, row cursorRow: Int, column cursorColumn: Int, caption: String,
                     chrome: Chrome, into grid: inout CellGrid, rect: Rect) {
        let names = matrix.categories
        let count = names.count
        guard count > 0, rect.height >= 5 else { return }
        grid.write(caption, in: rect, row: 0, foreground: chrome.muted)
        let labelWidth = min(14, max(8, (names.map(\.count).max() ?? 0) + 2))
        let columnsShown = max(1, min(count, (rect.width - labelWidth) / cellWidth))
        let rowsShown = max(1, min(count, rect.height - 4))
        let columns = ListPane.visibleRange(count: count, cursor: cursorColumn, height: columnsShown)
        let rows = ListPane.visibleRange(count: count, cursor: cursorRow, height: rowsShown)
        // Column headers: the predicted class, cut to the cell.
        grid.write("gt \\ pred", in: rect, row: 1, foreground: chrome.muted)
        for (n, column) in columns.enumerated() {
            let name = String(names[column].prefix(cellWidth - 1))
            let selected = column == cursorColumn
            grid.write(name, in: rect, row: 1, column: labelWidth + n * cellWidth + (cellWidth - 1 - name.count),
                       foreground: selected ? chrome.accent : chrome.muted, attributes: selected ? [.bold] : [])
        }
        for (line, row) in rows.enumerated() {
            let y = line + 2
            let selectedRow = row == cursorRow
            grid.write(String(names[row].prefix(labelWidth - 1)), in: rect, row: y,
                       foreground: selectedRow ? chrome.accent : chrome.text, attributes: selectedRow ? [.bold] : [])
            for (n, column) in columns.enumerated() {
                let value = matrix.matrix.indices.contains(row) && matrix.matrix[row].indices.contains(column) ? matrix.matrix[row][column] : 0
                let selected = selectedRow && column == cursorColumn
                let text = value == 0 ? "·" : String(value)
                let color = value == 0 ? chrome.muted : row == column ? chrome.accent : chrome.warning
                let x = labelWidth + n * cellWidth
                let background: TerminalColor = selected ? chrome.highlight : .default
                if selected {
                    grid.clear(Rect(x: rect.x + x, y: rect.y + y, width: cellWidth - 1, height: 1), background: background)
                }
                grid.write(text, in: rect, row: y, column: x + max(0, cellWidth - 1 - text.count),
                           foreground: selected ? chrome.text : color, background: background,
                           attributes: selected ? chrome.highlightAttributes.union(.bold) : [])
            }
        }
        var footer = rows.count + 3
        if columns.count < count || rows.count < count {
            grid.write("rows \(rows.lowerBound + 1)-\(rows.upperBound) and columns \(columns.lowerBound + 1)-\(columns.upperBound) of \(count)",
                       in: rect, row: footer - 1, foreground: chrome.muted)
            footer += 1
        }
        guard matrix.matrix.indices.contains(cursorRow), matrix.matrix[cursorRow].indices.contains(cursorColumn) else { return }
        let value = matrix.matrix[cursorRow][cursorColumn]
        let what = cursorColumn == count - 1 ? "missed" : cursorRow == count - 1 ? "on background" : cursorRow == cursorColumn ? "found" : "confused"
        let line = "\(names[cursorRow]) → \(names[cursorColumn]): \(value) \(what)" + (value > 0 ? " (Enter lists them)" : "")
        grid.write(line, in: rect, row: min(footer, rect.height - 1), foreground: chrome.text)
    }

    /// The members of the cell under the cursor, the selected one highlighted.
    static func drawMembers(_ members: [MemberLine], title: String, cursor: Int, chrome: Chrome,
                            into grid: inout CellGrid, rect: Rect) {
        grid.write(title, in: rect, row: 0, foreground: chrome.text, attributes: [.bold])
        let fileWidth = min(max(12, (members.map(\.file.count).max() ?? 0) + 2), max(12, rect.width - 36))
        let header = "image".padding(toLength: fileWidth, withPad: " ", startingAt: 0) + "class          score    IoU"
        grid.write(header, in: rect, row: 1, column: 2, foreground: chrome.muted)
        let shown = ListPane.visibleRange(count: members.count, cursor: cursor, height: rect.height - 2)
        for (line, n) in shown.enumerated() {
            let member = members[n]
            let selected = n == cursor
            let background: TerminalColor = selected ? chrome.highlight : .default
            let attributes: CellAttributes = selected ? chrome.highlightAttributes : []
            if selected {
                grid.clear(Rect(x: rect.x, y: rect.y + line + 2, width: rect.width, height: 1), background: background)
            }
            let file = String(member.file.prefix(fileWidth - 1)).padding(toLength: fileWidth, withPad: " ", startingAt: 0)
            let name = String(member.className.prefix(13)).padding(toLength: 13, withPad: " ", startingAt: 0)
            let score = member.score.map { String(format: "%6.3f", $0) } ?? "     -"
            let iou = member.iou.map { String(format: "%6.2f", $0) } ?? "     -"
            grid.write((selected ? "▶ " : "  ") + file + name + score + " " + iou, in: rect, row: line + 2,
                       foreground: chrome.text, background: background, attributes: attributes)
        }
    }
}
