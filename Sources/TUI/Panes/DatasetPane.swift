import Foundation
import Rendering
import Store

/// The dataset pane (`D`): in place of the image, list and inspector, the review of every
/// image against the ground truth, in four sections (numbers, TIDE, confusion matrix, PR
/// curves). Before the review is ready it says how far the analysis is; without ground truth,
/// what it needs.
public enum DatasetPane {
    /// Draws the pane into `rect` of `grid` (the screen above the status bar).
    public static func draw(_ state: AppState, chrome: Chrome, into grid: inout CellGrid, rect: Rect) {
        grid.clear(rect)
        guard let pane = state.datasetPane, rect.height >= 4 else { return }
        drawTitle(state, pane: pane, chrome: chrome, into: &grid, rect: rect)
        let body = Rect(x: rect.x + 1, y: rect.y + 2, width: rect.width - 2, height: rect.height - 3)
        grid.write(hints(pane), in: rect, row: rect.height - 1, column: 1, foreground: chrome.muted)
        guard state.groundTruth != nil else {
            message(["the dataset pane needs ground truth:", "start with --gt annotations.json (COCO JSON, VOC XML or YOLO labels)"],
                    chrome: chrome, into: &grid, rect: body)
            return
        }
        guard state.hasDatasetReview else {
            message(waitingLines(state.datasetProgress), chrome: chrome, into: &grid, rect: body, progress: state.datasetProgress)
            return
        }
        drawSection(state, pane: pane, chrome: chrome, into: &grid, rect: body)
    }

    /// "Dataset" and the sections, the one shown highlighted, and the review's extent.
    static func drawTitle(_ state: AppState, pane: DatasetPaneState, chrome: Chrome, into grid: inout CellGrid, rect: Rect) {
        var column = 1
        column += grid.write("Dataset ", in: rect, row: 0, column: column, foreground: chrome.accent, attributes: [.bold])
        for section in DatasetPaneState.Section.allCases {
            let selected = section == pane.section
            let text = " \(section.rawValue) \(section.title) "
            column += grid.write(text, in: rect, row: 0, column: column, foreground: selected ? chrome.text : chrome.muted,
                                 background: selected ? chrome.highlight : .default,
                                 attributes: selected ? chrome.highlightAttributes.union(.bold) : [])
        }
        var right = state.variant.rawValue
        if let extent = state.datasetReviewExtent { right += " · " + extent }
        if column + 1 + right.count + 1 <= rect.width {
            grid.write(right, in: rect, row: 0, column: rect.width - right.count - 1, foreground: chrome.muted)
        }
    }

    /// The keys of the section shown.
    static func hints(_ pane: DatasetPaneState) -> String {
        if pane.section == .confusion && pane.memberCursor != nil {
            return "j/k member · Enter opens it · Esc back to the matrix · D closes"
        }
        let keys: String
        switch pane.section {
        case .numbers: keys = "j/k class"
        case .tide: keys = "j/k class · v variant"
        case .confusion: keys = "arrows/hjkl cell · Enter members · v variant"
        case .curves: keys = "j/k class · i IoU · v variant on top"
        }
        return "Tab/1-4 section · \(keys) · D or Esc closes"
    }

    /// What the pane says while the analysis runs.
    static func waitingLines(_ progress: DatasetProgress?) -> [String] {
        guard let progress else {
            return ["the dataset review starts once the first image is analysed"]
        }
        if progress.total == 0 { return ["the ground truth lists none of the images browsed", "(images are matched by file name)"] }
        if progress.isFinished { return ["building the dataset review…", "dataset " + progress.text] }
        return ["analysing every image for the dataset review:", "dataset " + progress.text]
    }

    /// Centred lines, and a bar of the analysis' progress.
    static func message(_ lines: [String], chrome: Chrome, into grid: inout CellGrid, rect: Rect, progress: DatasetProgress? = nil) {
        let top = max(0, rect.height / 2 - lines.count)
        for (n, line) in lines.enumerated() {
            grid.write(line, in: rect, row: top + n, column: max(0, (rect.width - line.count) / 2),
                       foreground: n == 0 ? chrome.text : chrome.muted)
        }
        guard let progress, progress.total > 0 else { return }
        let width = min(50, rect.width - 4)
        let fraction = Float(progress.done) / Float(progress.total)
        let bar = InspectorPane.bar(fraction, width: width)
        let x = max(0, (rect.width - width) / 2)
        grid.write(String(repeating: "·", count: width), in: rect, row: top + lines.count + 1, column: x, foreground: chrome.muted)
        grid.write(bar, in: rect, row: top + lines.count + 1, column: x, foreground: chrome.accent)
    }
}
