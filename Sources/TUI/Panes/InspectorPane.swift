import Foundation
import Evaluation
import Inspection
import Rendering

/// The selected RoI in numbers: fc-head scores as bars, conv-head deltas raw and
/// denormalised, the decoded box, conv scores, fc deltas and fused scores when the model
/// has them, IoU with ground truth, and what NMS did with it. For a missed object: the object,
/// and the same for the RoI closest to it, for the object's class.
public enum InspectorPane {
    public static func draw(_ state: AppState, chrome: Chrome, into grid: inout CellGrid, rect: Rect) {
        grid.clear(rect)
        var row = 0
        func line(_ text: String, _ color: TerminalColor, _ attributes: CellAttributes = []) {
            grid.write(text, in: rect, row: row, column: 1, foreground: color, attributes: attributes)
            row += 1
        }
        var target = state.selectedRow.map { (roi: $0.roi, label: Optional($0.label)) }
        if let miss = state.selectedMiss, state.groundTruthBoxes.indices.contains(miss) {
            let object = state.groundTruthBoxes[miss]
            line("Missed \(object.className) · ground-truth object \(miss + 1)", chrome.warning, [.bold])
            line("object     " + box(object.box.values), chrome.text)
            if let closest = state.closestRoI(to: object.box) {
                line(String(format: "closest RoI %d, IoU %.3f; as %@:", closest.roi, closest.iou, object.className), chrome.text)
                target = (closest.roi, state.classNames.firstIndex(of: object.className))
            }
        }
        guard let target, let d = state.record(roi: target.roi, label: target.label) else {
            line("Inspector", chrome.accent, [.bold])
            if case .failed(let reason) = state.detectorStatus {
                line("the detector failed on this image:", chrome.error)
                for part in wrapped(reason, width: max(10, rect.width - 2)) { line(part, chrome.error) }
            } else if case .failed(let reason) = state.picture {
                line("cannot show this image:", chrome.error)
                for part in wrapped(reason, width: max(10, rect.width - 2)) { line(part, chrome.error) }
            } else {
                line(state.analysis == nil ? "waiting for the detector…" : "no RoI selected", chrome.muted)
            }
            return
        }
        if state.isSplit {
            drawSplit(state, record: d, chrome: chrome, into: &grid, rect: rect, from: row)
            return
        }
        let count = state.analysis?.roiCount ?? 0
        line("RoI \(d.roi) of \(count) · level P\(d.level + 2) · \(state.variant.rawValue)", chrome.accent, [.bold])
        line("proposal   " + box(d.proposal.values), chrome.text)
        if let o = d.objectness { line(String(format: "objectness %.4f", o), chrome.text) }
        let barWidth = max(4, rect.width - 26)
        func scores(_ title: String, _ list: [RoIRecord.ClassScore]) {
            line(title, chrome.accent)
            for s in list {
                guard row < rect.height else { return }
                let name = s.name.padding(toLength: 10, withPad: " ", startingAt: 0)
                grid.write(" " + name, in: rect, row: row, column: 1, foreground: chrome.text)
                let color = s.label < state.classNames.count
                    ? chrome.color(chrome.theme.color(forClass: s.label, name: s.name)) : chrome.muted
                grid.write(bar(s.score, width: barWidth), in: rect, row: row, column: 13, foreground: color)
                grid.write(String(format: "%.4f", s.score), in: rect, row: row, column: 14 + barWidth, foreground: chrome.text)
                row += 1
            }
        }
        scores("fc scores", d.fcTop)
        if let conv = d.conv {
            line("conv deltas · class \(d.className)", chrome.accent)
            line(" raw    " + deltas(conv.raw), chrome.text)
            line(" ×std   " + deltas(conv.denormalised), chrome.text)
        }
        if let refined = d.refined {
            line("refined    " + box(refined.values), chrome.text)
        }
        if let fc = d.fc {
            line("fc deltas · class \(d.className)", chrome.accent)
            line(" raw    " + deltas(fc.raw), chrome.text)
            line(" ×std   " + deltas(fc.denormalised), chrome.text)
        }
        if let conv = d.convTop { scores("conv scores", conv) }
        if let fused = d.fusedTop { scores("fused 1-(1-fc)(1-conv)", fused) }
        if let g = d.groundTruthIoU {
            line("GT IoU " + String(format: "%.3f", g.proposal) + (g.refined.map { String(format: " → %.3f", $0) } ?? ""), chrome.text)
        }
        line("NMS: " + fate(d.fate, state), d.fate.kind == "kept" ? chrome.accent : chrome.warning)
    }

    /// The fate line, naming the class and score of the detection a kept RoI became.
    static func fate(_ fate: RoIFate, _ state: AppState) -> String {
        if case .kept(let n) = fate, state.detections.indices.contains(n) {
            let d = state.detections[n]
            return fate.summary + " (\(state.className(d.label)) " + String(format: "%.3f", d.score) + ")"
        }
        return fate.summary
    }

    static func box(_ v: [Float]) -> String {
        v.map { String(format: "%.1f", $0) }.joined(separator: " ")
    }

    static func deltas(_ v: [Float]) -> String {
        zip(["dx", "dy", "dw", "dh"], v).map { String(format: "%@ %+.4f", $0 as NSString, $1) }.joined(separator: " ")
    }

    /// A horizontal bar of `value` in 0...1 with eighth-block precision.
    static func bar(_ value: Float, width: Int) -> String {
        let eighths = Int((max(0, min(1, value)) * Float(width * 8)).rounded())
        let partials: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"].compactMap(\.first)
        var s = String(repeating: "█", count: eighths / 8)
        if eighths % 8 > 0 { s.append(partials[eighths % 8 - 1]) }
        return s
    }

    /// `text` cut into lines of at most `width` characters, at spaces where possible.
    static func wrapped(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if !current.isEmpty, current.count + 1 + word.count > width {
                lines.append(current)
                current = ""
            }
            current += current.isEmpty ? String(word) : " " + word
            while current.count > width {
                lines.append(String(current.prefix(width)))
                current = String(current.dropFirst(width))
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
