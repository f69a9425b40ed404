import Detector
import Foundation
import Inspection
import Rendering

/// The inspector in the split view: the selected proposal through both models' heads, side by
/// side (the other model's heads run on this model's proposal, as `inspect --proposals` runs
/// them), or why the other model's heads cannot take it.
extension InspectorPane {
    /// What one column shows: a model's variant, scores, regression and fate for one proposal.
    struct Column {
        var title: String
        var scores: [(name: String, score: Float)]
        var branch: String
        var record: RoIRecord
        var fate: String
        var note: String?
    }

    static func drawSplit(_ state: AppState, record d: RoIRecord, chrome: Chrome, into grid: inout CellGrid,
                          rect: Rect, from first: Int) {
        guard let partner = state.partner else { return }
        var row = first
        let count = state.analysis?.roiCount ?? 0
        grid.write("RoI \(d.roi) of \(count) · level P\(d.level + 2) · \(state.currentIsLeft ? "A" : "B")'s proposal",
                   in: rect, row: row, column: 1, foreground: chrome.accent, attributes: [.bold])
        row += 1
        grid.write("proposal   " + box(d.proposal.values), in: rect, row: row, column: 1, foreground: chrome.text)
        row += 1
        let width = max(12, (rect.width - 3) / 2)
        let columns = (left: 1, right: 2 + width)
        let own = Column(title: (state.currentIsLeft ? "▶A " : "▶B ") + "\(state.modelName) · \(state.variant.rawValue)",
                         scores: top(state.variantScores, roi: d.roi, numClasses: state.classNames.count, name: state.className),
                         branch: branchName(state.variant), record: d, fate: fate(d.fate, state), note: nil)
        let otherTitle = (state.currentIsLeft ? " B " : " A ") + "\(partner.name) · \(partner.variant.rawValue)"
        var otherLines: [(String, TerminalColor)] = []
        switch partner.heads {
        case .ready(let given, let outcome):
            if let record = state.partnerRecord(roi: d.roi, className: d.className) {
                let other = Column(title: otherTitle,
                                   scores: top(outcome.scores, roi: d.roi, numClasses: given.numClasses, name: partner.className),
                                   // Its NMS ran over this model's proposals: its numbering is not its own detections'.
                                   branch: branchName(partner.variant), record: record, fate: record.fate.kind,
                                   note: partner.classNames.contains(d.className) ? nil : "no class \(d.className): its best")
                otherLines = lines(other, width: width, chrome: chrome)
            }
        case .running, .notAsked:
            otherLines = [(otherTitle, chrome.text), ("running its heads on", chrome.muted), ("this proposal…", chrome.muted)]
        case .unavailable(let reason):
            otherLines = [(otherTitle, chrome.text), ("cannot run its heads on", chrome.warning), ("this proposal:", chrome.warning)]
                + wrapped(reason, width: width).map { ($0, chrome.warning) }
        }
        let ownLines = lines(own, width: width, chrome: chrome)
        // A on the left, B on the right, as the halves of the image pane.
        let (left, right) = state.currentIsLeft ? (ownLines, otherLines) : (otherLines, ownLines)
        for n in 0..<max(left.count, right.count) where row < rect.height {
            if n < left.count {
                grid.write(String(left[n].0.prefix(width)), in: rect, row: row, column: columns.left, foreground: left[n].1,
                           attributes: n == 0 && state.currentIsLeft ? [.bold] : [])
            }
            grid.write("│", in: rect, row: row, column: columns.right - 1, foreground: chrome.muted)
            if n < right.count {
                grid.write(String(right[n].0.prefix(width)), in: rect, row: row, column: columns.right, foreground: right[n].1,
                           attributes: n == 0 && !state.currentIsLeft ? [.bold] : [])
            }
            row += 1
        }
        if case .ready = partner.heads, row < rect.height {
            grid.write("the same proposal through both heads (inspect --proposals)", in: rect, row: row, column: 1, foreground: chrome.muted)
        }
    }

    /// A column's lines: title, the variant's top scores, the regressing branch's raw deltas
    /// for the record's class, the refined box and the NMS fate.
    static func lines(_ c: Column, width: Int, chrome: Chrome) -> [(String, TerminalColor)] {
        var out: [(String, TerminalColor)] = [(c.title, chrome.accent)]
        for s in c.scores {
            out.append((s.name.padding(toLength: 10, withPad: " ", startingAt: 0) + String(format: " %.4f", s.score), chrome.text))
        }
        if let note = c.note { out.append((note, chrome.warning)) }
        let regression = c.branch == "conv" ? c.record.conv : c.record.fc
        out.append(("\(c.branch) deltas · \(c.record.className)", chrome.accent))
        if let raw = regression?.raw, raw.count == 4 {
            out.append((String(format: "dx %+.4f dy %+.4f", raw[0], raw[1]), chrome.text))
            out.append((String(format: "dw %+.4f dh %+.4f", raw[2], raw[3]), chrome.text))
        }
        if let refined = c.record.refined {
            out.append(("→ " + refined.values.map { String(format: "%.1f", $0) }.joined(separator: " "), chrome.text))
        }
        out.append(("NMS " + c.fate, c.record.fate.kind == "kept" ? chrome.accent : chrome.warning))
        return out.flatMap { line in wrapped(line.0, width: width).map { ($0, line.1) } }
    }

    /// The branch whose deltas `variant` decodes its boxes with.
    static func branchName(_ variant: HeadVariant) -> String {
        PostProcessor.regressionBranch(variant) == .conv ? "conv" : "fc"
    }

    /// The `k` best foreground classes of RoI `roi` in `scores` (K + 1 per RoI).
    static func top(_ scores: [Float], roi: Int, numClasses: Int, name: (Int) -> String, k: Int = 3) -> [(name: String, score: Float)] {
        let base = roi * (numClasses + 1)
        guard roi >= 0, base + numClasses <= scores.count else { return [] }
        return (0..<numClasses).map { (label: $0, score: scores[base + $0]) }
            .sorted { ($0.score, -$0.label) > ($1.score, -$1.label) }
            .prefix(k).map { (name: name($0.label), score: $0.score) }
    }
}
