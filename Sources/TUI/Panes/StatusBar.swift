import Evaluation
import Foundation
import Rendering

/// The last line: image i/n and name, variant, threshold, detector state, the dataset
/// analysis, model, image order, jump kind, error legend, key hints.
public enum StatusBar {
    static let spinner: [String] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]

    /// The status text (without hints), for tests too.
    public static func text(_ state: AppState, tick: Int) -> String {
        var parts: [String] = []
        parts.append("\(state.imagePaths.isEmpty ? 0 : state.imageIndex + 1)/\(state.imagePaths.count) \(state.imageName)")
        parts.append("variant \(state.variant.rawValue)" + (state.compareVariant.map { " vs \($0.rawValue)" } ?? ""))
        parts.append(String(format: "show ≥%.2f", state.displayThreshold))
        switch state.detectorStatus {
        case .waiting: parts.append("\(spinner[tick % spinner.count]) queued")
        case .running(let stage):
            parts.append("\(spinner[tick % spinner.count]) \(stage.rawValue) \(stage.ordinal + 1)/\(DetectorStage.allCases.count)")
        case .done(let ms, let cached): parts.append(String(format: "✓ %.0f ms", ms) + (cached ? " cached" : ""))
        case .failed: parts.append("✗ failed")
        }
        if let progress = state.datasetProgress { parts.append("dataset " + progress.text) }
        // The model after what changes, so that a narrow terminal cuts it first.
        parts.append(state.modelCount > 1 ? "model \(state.modelIndex + 1)/\(state.modelCount) \(state.modelName)" : state.modelName)
        if state.imageOrder != .file {
            parts.append("order: \(state.imageOrderName)" + (state.imageOrderKey.map { " (\($0))" } ?? ""))
        }
        if let kind = state.jumpKind { parts.append("] [ to \(kind.rawValue)") }
        if let errors = state.imageErrors {
            // The legend of error mode: every label with its count on this image.
            let counts = errors.counts
            parts.append("errors " + DetectionLabel.Kind.allCases.map { "\($0.rawValue) \(counts[$0] ?? 0)" }.joined(separator: " "))
        } else if state.errorMode {
            parts.append("errors: no ground truth for this image")
        }
        if let note = state.terminalNote { parts.append(note) }
        return " " + parts.joined(separator: " │ ")
    }

    public static func draw(_ state: AppState, chrome: Chrome, tick: Int, into grid: inout CellGrid, rect: Rect) {
        let background = chrome.statusBackground
        let attributes: CellAttributes = chrome.mode == .none ? [.reverse] : []
        for x in rect.x..<(rect.x + rect.width) {
            grid[x, rect.y] = Cell(" ", foreground: chrome.statusText, background: background, attributes: attributes)
        }
        let left = text(state, tick: tick)
        let right: String
        if let message = state.message {
            right = message + " "
        } else {
            right = "?:help  q:quit "
        }
        let rightColumn = max(left.unicodeScalars.count + 2, rect.width - right.unicodeScalars.count)
        grid.write(left, in: rect, row: 0, foreground: chrome.statusText, background: background, attributes: attributes)
        if state.imageErrors != nil, let legend = left.range(of: "errors tp ") {
            // Each label of the legend in its colour in error mode.
            var column = left[..<legend.lowerBound].unicodeScalars.count + "errors ".count
            for word in left[legend.lowerBound...].dropFirst("errors ".count).split(separator: " ").prefix(DetectionLabel.Kind.allCases.count * 2) {
                if let kind = DetectionLabel.Kind(rawValue: String(word)) {
                    grid.write(String(word), in: rect, row: 0, column: column, foreground: chrome.color(ErrorColors.color(of: kind)),
                               background: background, attributes: attributes.union(.bold))
                }
                column += word.unicodeScalars.count + 1
            }
        }
        grid.write(right, in: rect, row: 0, column: rightColumn, foreground: state.message == nil ? chrome.statusText : chrome.warning,
                   background: background, attributes: attributes.union(state.message == nil ? [] : [.bold]))
    }
}

import Detector
