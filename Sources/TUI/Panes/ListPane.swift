import Evaluation
import Foundation
import Rendering

/// The variant's detections, or all RoIs, one a line, the selected one highlighted.
public enum ListPane {
    /// Title and column names.
    public static let headerHeight = 2

    public static func bodyHeight(_ rect: Rect) -> Int { max(0, rect.height - headerHeight) }

    /// The rows visible for a cursor: the cursor kept in view, centred when possible.
    public static func visibleRange(count: Int, cursor: Int, height: Int) -> Range<Int> {
        guard count > height, height > 0 else { return 0..<min(count, max(0, height)) }
        let top = min(max(0, cursor - height / 2), count - height)
        return top..<(top + height)
    }

    public static func draw(_ state: AppState, chrome: Chrome, into grid: inout CellGrid, rect: Rect) {
        grid.clear(rect)
        let what: String
        if state.isSplit && state.listMode == .detections {
            what = "Detections"
        } else if state.compareVariant != nil && state.listMode == .detections {
            what = "Differences"
        } else if state.imageErrors != nil && state.listMode == .detections {
            what = "Errors"
        } else {
            what = state.listMode == .detections ? "Detections" : "RoIs"
        }
        var title = "\(what) \(state.rows.count) · sort \(state.sort.rawValue)"
        if let filter = state.classFilter { title += " · \(state.className(filter))" }
        if state.isSplit, state.listMode == .detections {
            // The other model's detections have no row here (m lists them); their count does.
            let only: VariantDifference.Kind = state.currentIsLeft ? .onlyInB : .onlyInA
            let count = state.modelDifferences.filter { $0.kind == only }.count
            title += " · \(state.currentIsLeft ? "A" : "B") vs \(state.currentIsLeft ? "B" : "A")"
            if count > 0 { title += " · +\(count) \(only.rawValue)" }
        }
        grid.write(title, in: rect, row: 0, column: 1, foreground: chrome.accent, attributes: [.bold])
        grid.write("  #   RoI  class        score   obj", in: rect, row: 1, column: 1, foreground: chrome.muted)
        guard state.analysis != nil else { return }
        if state.rows.isEmpty {
            let none = state.imageErrors != nil ? "no errors shown at this threshold (- lowers it)"
                : "none shown at this threshold (- lowers it)"
            grid.write(state.listMode == .detections ? none : "no RoIs",
                       in: rect, row: headerHeight, column: 1, foreground: chrome.muted)
            return
        }
        let visible = visibleRange(count: state.rows.count, cursor: state.cursor, height: bodyHeight(rect))
        for (line, index) in visible.enumerated() {
            let r = state.rows[index]
            let selected = index == state.cursor && state.selectedMiss == nil
            let background: TerminalColor = selected ? chrome.highlight : .default
            let attributes: CellAttributes = selected ? chrome.highlightAttributes.union(.bold) : []
            if selected {
                grid.clear(Rect(x: rect.x, y: rect.y + headerHeight + line, width: rect.width, height: 1), background: background)
            }
            let number = r.detection.map { String($0 + 1) } ?? "-"
            let name = state.className(r.label).padding(toLength: 11, withPad: " ", startingAt: 0)
            var text = String(format: "%3@ %5d  %@ %6.3f", number as NSString, r.roi, name as NSString, r.score)
            text += r.objectness.map { String(format: " %5.3f", $0) } ?? "     -"
            if let iou = r.iou { text += String(format: " iou %.2f", iou) }
            if let kind = r.difference, kind != .same { text += " \(kind.rawValue)" }
            if let kind = r.error { text += " \(kind.rawValue)" }
            let color = chrome.color(r.error.map(ErrorColors.color) ?? chrome.theme.color(forClass: r.label, name: state.className(r.label)))
            grid.write(selected ? "▶" : " ", in: rect, row: headerHeight + line, column: 0, foreground: chrome.accent,
                       background: background, attributes: attributes)
            grid.write(text, in: rect, row: headerHeight + line, column: 1, foreground: selected ? chrome.text : color,
                       background: background, attributes: attributes)
        }
    }
}
