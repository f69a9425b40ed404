import Detector
import Evaluation
import Rendering

/// The dataset pane's fourth section: the class under the cursor's precision-recall curve of
/// every variant overlaid (the current variant on top), averaged over IoU 0.50:0.95 or at 0.50
/// (`i`), the legend giving each curve's AP (the mean of the curve over the recall points);
/// the classes listed beside it when there is room.
enum CurvesSection {
    static let legendWidth = 24

    static func draw(curves: [(variant: HeadVariant, curves: PrecisionRecallCurves)], current: HeadVariant,
                     classCursor: Int, atFifty: Bool, chrome: Chrome, into grid: inout CellGrid, rect: Rect) {
        guard let first = curves.first?.curves, first.classes.indices.contains(classCursor) else {
            grid.write("no classes to draw", in: rect, row: 0, foreground: chrome.muted)
            return
        }
        let name = first.classes[classCursor].name
        let iou = atFifty ? "IoU 0.50" : "IoU 0.50:0.95 averaged"
        grid.write("\(name) · precision against recall · \(iou) (i: \(atFifty ? "0.50:0.95" : "0.50"))", in: rect, row: 0,
                   foreground: chrome.text, attributes: [.bold])
        // The current variant is drawn last, on top.
        let ordered = curves.filter { $0.variant != current } + curves.filter { $0.variant == current }
        var series: [PRCurvePlot.Series] = []
        for entry in ordered {
            guard entry.curves.classes.indices.contains(classCursor) else { continue }
            let curve = entry.curves.classes[classCursor]
            if let precision = atFifty ? curve.precision50 : curve.precision {
                series.append(PRCurvePlot.Series(precision: precision, color: VariantColors.color(of: entry.variant)))
            }
        }
        let plot = Rect(x: rect.x, y: rect.y + 1, width: max(0, rect.width - legendWidth - 1), height: rect.height - 1)
        if series.isEmpty {
            grid.write("\(name) has no ground truth: no curve", in: plot, row: plot.height / 2, column: 6, foreground: chrome.muted)
        } else {
            PRCurvePlot.draw(series, recall: first.recall, chrome: chrome, into: &grid, rect: plot)
        }
        // The legend: each variant's colour and AP; then the classes.
        let legend = Rect(x: rect.x + rect.width - legendWidth, y: rect.y + 1, width: legendWidth, height: rect.height - 1)
        for (n, entry) in curves.enumerated() {
            let curve = entry.curves.classes.indices.contains(classCursor) ? entry.curves.classes[classCursor] : nil
            let ap = curve.map { atFifty ? $0.ap50 : $0.ap }
            let apText = ap.flatMap { $0 >= 0 ? String(format: "AP %.3f", $0) : nil } ?? "AP -"
            let isCurrent = entry.variant == current
            grid.write("──", in: legend, row: n, foreground: chrome.color(VariantColors.color(of: entry.variant)), attributes: [.bold])
            let label = entry.variant.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0) + apText
            grid.write(label, in: legend, row: n, column: 3, foreground: isCurrent ? chrome.accent : chrome.text,
                       attributes: isCurrent ? [.bold] : [])
        }
        let listTop = curves.count + 1
        guard legend.height - listTop >= 3 else { return }
        grid.write("classes (j/k)", in: legend, row: listTop, foreground: chrome.muted)
        let shown = ListPane.visibleRange(count: first.classes.count, cursor: classCursor, height: legend.height - listTop - 1)
        for (line, k) in shown.enumerated() {
            let selected = k == classCursor
            let background: TerminalColor = selected ? chrome.highlight : .default
            if selected {
                grid.clear(Rect(x: legend.x, y: legend.y + listTop + 1 + line, width: legend.width, height: 1), background: background)
            }
            grid.write((selected ? "▶ " : "  ") + first.classes[k].name, in: legend, row: listTop + 1 + line,
                       foreground: selected ? chrome.text : chrome.muted, background: background,
                       attributes: selected ? chrome.highlightAttributes : [])
        }
    }
}
