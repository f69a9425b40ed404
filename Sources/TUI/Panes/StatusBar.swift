import Foundation
import Rendering

/// The last line: image i/n and name, model, variant, threshold, detector state, key hints.
public enum StatusBar {
    static let spinner: [String] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]

    /// The status text (without hints), for tests too.
    public static func text(_ state: AppState, tick: Int) -> String {
        var parts: [String] = []
        parts.append("\(state.imagePaths.isEmpty ? 0 : state.imageIndex + 1)/\(state.imagePaths.count) \(state.imageName)")
        parts.append(state.modelName)
        parts.append("variant \(state.variant.rawValue)" + (state.compareVariant.map { " vs \($0.rawValue)" } ?? ""))
        parts.append(String(format: "show ≥%.2f", state.displayThreshold))
        switch state.detectorStatus {
        case .waiting: parts.append("\(spinner[tick % spinner.count]) queued")
        case .running(let stage):
            parts.append("\(spinner[tick % spinner.count]) \(stage.rawValue) \(stage.ordinal + 1)/\(DetectorStage.allCases.count)")
        case .done(let ms, let cached): parts.append(String(format: "✓ %.0f ms", ms) + (cached ? " cached" : ""))
        case .failed: parts.append("✗ failed")
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
        grid.write(right, in: rect, row: 0, column: rightColumn, foreground: state.message == nil ? chrome.statusText : chrome.warning,
                   background: background, attributes: attributes.union(state.message == nil ? [] : [.bold]))
    }
}

import Detector
