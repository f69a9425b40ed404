import Detector
import Evaluation
import Rendering

/// The dataset pane's first section: pycocotools' 12 numbers of every variant side by side,
/// the best of each row highlighted, then each class's AP per variant (the class cursor moved with j / k).
/// With room for both, the classes go to the right of the 12 numbers.
enum NumbersSection {
    /// The 12 numbers' labels, in pycocotools' order (``COCOStats/names``).
    static let labels = COCOStats.names

    static func draw(reports: [(variant: HeadVariant, report: EvaluationReport)], current: HeadVariant, classCursor: Int,
                     chrome: Chrome, into grid: inout CellGrid, rect: Rect) {
        let names = reports.map(\.variant.rawValue)
        let classWidth = max(8, (reports.first?.report.categories.map(\.name.count).max() ?? 0) + 2)
        let columnWidth = max(7, (names.map(\.count).max() ?? 0) + 2)
        var table = DatasetTable(columns: names, current: reports.firstIndex { $0.variant == current },
                                 nameWidth: 8, columnWidth: columnWidth)
        table.drawHeader("", chrome: chrome, into: &grid, rect: rect, row: 0)
        for (n, label) in labels.enumerated() where n + 1 < rect.height {
            let values = reports.map { $0.report.statsList.indices.contains(n) ? $0.report.statsList[n] : nil }
            table.draw(.init(name: label, values: values), chrome: chrome, into: &grid, rect: rect, row: n + 1)
        }
        // Per-class AP: beside the numbers when there is room, else below them.
        table.nameWidth = classWidth
        let beside = rect.width >= 8 + names.count * columnWidth + 3 + table.width
        let area: Rect
        if beside {
            let x = 8 + names.count * columnWidth + 3
            area = Rect(x: rect.x + x, y: rect.y, width: rect.width - x, height: rect.height)
        } else {
            area = Rect(x: rect.x, y: rect.y + labels.count + 2, width: rect.width, height: rect.height - labels.count - 2)
        }
        guard area.height >= 2 else { return }
        let categories = reports.first?.report.categories ?? []
        table.drawHeader("class AP", chrome: chrome, into: &grid, rect: area, row: 0)
        let shown = ListPane.visibleRange(count: categories.count, cursor: classCursor, height: area.height - 1)
        for (line, k) in shown.enumerated() {
            let values = reports.map { $0.report.categories.indices.contains(k) ? $0.report.categories[k].ap : nil }
            table.draw(.init(name: categories[k].name, values: values, selected: k == classCursor), chrome: chrome,
                       into: &grid, rect: area, row: line + 1)
        }
    }
}
