import Detector
import Evaluation
import Rendering

/// The dataset pane's second section: TIDE's six error types per variant (dAP in AP points and
/// the count, as `eval` prints them), then per class for the current variant, the class
/// cursor moved with j / k.
enum TIDESection {
    /// One class's TIDE breakdown.
    struct ClassErrors {
        var name: String
        /// TIDE's AP50 of the class (percent), when defined.
        var ap50: Double?
        /// Per error type in TIDE's order: the count and the dAP (nil when undefined).
        var entries: [(count: Int, deltaAP: Double?)]

        /// The breakdown of `report` (TIDE on the class's data alone), named `name`.
        init(name: String, report: TIDEReport) {
            self.name = name
            ap50 = report.ap50.isFinite ? report.ap50 : nil
            entries = TIDEErrorType.allCases.map { type in
                (report.counts[type] ?? 0, report.deltaAP[type].flatMap { $0.isFinite ? $0 : nil })
            }
        }
    }

    static func draw(reports: [(variant: HeadVariant, report: EvaluationReport)], current: HeadVariant,
                     classes: [ClassErrors], classCursor: Int, chrome: Chrome, into grid: inout CellGrid, rect: Rect) {
        let names = reports.map(\.variant.rawValue)
        let columnWidth = max(12, (names.map(\.count).max() ?? 0) + 2)
        let table = DatasetTable(columns: names, current: reports.firstIndex { $0.variant == current },
                                 nameWidth: 14, columnWidth: columnWidth, higherIsBetter: false, decimals: 2)
        table.drawHeader("dAP (count)", chrome: chrome, into: &grid, rect: rect, row: 0)
        var ap50 = DatasetTable.Row(name: "AP50 (TIDE's)", values: reports.map { $0.report.tideAP50 })
        ap50.texts = ap50.values.map { $0.map { String(format: "%.2f", $0) } ?? "-" }
        var row = 1
        var forAP = table
        forAP.higherIsBetter = true
        forAP.draw(ap50, chrome: chrome, into: &grid, rect: rect, row: row)
        row += 1
        for (n, type) in TIDEErrorType.allCases.enumerated() {
            let entries = reports.map { $0.report.tide.flatMap { $0.indices.contains(n) ? $0[n] : nil } }
            let line = DatasetTable.Row(name: type.shortName, values: entries.map { $0?.deltaAP },
                                        texts: entries.map { $0.map { String(format: "%.2f (%d)", $0.deltaAP, $0.count) } ?? "-" })
            table.draw(line, chrome: chrome, into: &grid, rect: rect, row: row)
            row += 1
        }
        row += 1
        guard row + 3 <= rect.height else { return }
        // Per class, for the current variant: classes down, error types across (TIDE's AP50
        // first when there is room).
        let classWidth = max(10, (classes.map(\.name.count).max() ?? 0) + 2)
        let types = TIDEErrorType.allCases.map(\.shortName)
        let withAP = rect.width >= classWidth + (types.count + 1) * 11
        let perClass = DatasetTable(columns: (withAP ? ["AP50"] : []) + types, current: nil, nameWidth: classWidth,
                                    columnWidth: 11, higherIsBetter: nil, decimals: 2)
        grid.write("\(current.rawValue) per class (TIDE on each class's data alone)", in: rect, row: row, foreground: chrome.text)
        perClass.drawHeader("", chrome: chrome, into: &grid, rect: rect, row: row + 1)
        row += 2
        let shown = ListPane.visibleRange(count: classes.count, cursor: classCursor, height: rect.height - row)
        for (line, k) in shown.enumerated() {
            let errors = classes[k]
            var values = errors.entries.map(\.deltaAP)
            var texts = errors.entries.map { entry in entry.deltaAP.map { String(format: "%.2f (%d)", $0, entry.count) } ?? "- (\(entry.count))" }
            if withAP {
                values.insert(errors.ap50, at: 0)
                texts.insert(errors.ap50.map { String(format: "%.2f", $0) } ?? "-", at: 0)
            }
            perClass.draw(.init(name: errors.name, values: values, texts: texts, selected: k == classCursor),
                          chrome: chrome, into: &grid, rect: rect, row: row + line)
        }
    }
}
