import Compute
import Foundation
import TestSupport
import Testing

/// `browse --model A --model B`, then `M`, in a real terminal: each half shows its model's
/// detections as `dhscope detect --json --model X` gives them, the differences are marked
/// (in the list and on the boxes) as a matcher written here from the spec finds them, `m`
/// moves to the other model with the linked detection selected, and the inspector shows the
/// selected proposal through both models' heads.
@Suite(.serialized)
struct SplitViewTmuxTests {
    static let image = "Samples/images/shapes_s3_00008.png"

    struct Truth {
        var name: String
        var score: Double
        var box: Box
        var roi: Int
    }

    /// `dhscope detect IMAGE --model MODEL --json`: what the browser shows (at or above its
    /// display threshold, 0.3), best first.
    static func detections(_ model: String, folder: TemporaryFolder) throws -> [Truth] {
        let output = folder.file("detect-\(UUID().uuidString).json")
        #expect(try CLIProcess.run(["detect", image, "--model", model, "--json"], output: output) == 0)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output))) as? [String: Any]
        let all = ((json?["images"] as? [[String: Any]])?.first?["detections"] as? [[String: Any]]) ?? []
        return all.compactMap { d -> Truth? in
            guard let name = d["label"] as? String, let score = d["score"] as? Double, score >= 0.3,
                  let b = d["box"] as? [Double], b.count == 4, let roi = d["roi"] as? Int else { return nil }
            return Truth(name: name, score: score, box: Box(x1: Float(b[0]), y1: Float(b[1]), x2: Float(b[2]), y2: Float(b[3])), roi: roi)
        }.sorted { $0.score > $1.score }
    }

    enum Kind: String { case onlyA = "only A", onlyB = "only B", moved, rescored = "re-scored", same }

    /// The spec of the comparison: A's detections best first, each paired with the unpaired
    /// detection of B of the same class name with the highest IoU of at least 0.5; a pair is
    /// moved below IoU 0.9, else re-scored when the scores differ by more than 0.05.
    static func compare(_ a: [Truth], _ b: [Truth]) -> [(kind: Kind, a: Truth?, b: Truth?)] {
        var free = Array(b.indices)
        var out: [(kind: Kind, a: Truth?, b: Truth?)] = []
        for x in a {
            let candidates = free.filter { b[$0].name == x.name && iou(b[$0].box, x.box) >= 0.5 }
            guard let j = candidates.max(by: { iou(b[$0].box, x.box) < iou(b[$1].box, x.box) }) else {
                out.append((.onlyA, x, nil))
                continue
            }
            free.removeAll { $0 == j }
            let overlap = iou(b[j].box, x.box)
            out.append((overlap < 0.9 ? .moved : abs(x.score - b[j].score) > 0.05 ? .rescored : .same, x, b[j]))
        }
        return out + free.map { (.onlyB, nil, b[$0]) }
    }

    /// The screen once two captures in a row agree and `condition` holds.
    static func settled(_ tmux: TmuxSession, _ what: String, _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(90)
        while Date() < deadline {
            let first = try tmux.waitFor(what, timeout: 90, condition)
            usleep(300_000)
            if try tmux.capture() == first { return first }
        }
        throw TerminalTestError("the screen never settled: \(what)")
    }

    /// The list's rows: [number, RoI, class, score, marker] (marker "" for the same).
    static func listRows(_ screen: String) -> [[String]] {
        screen.split(separator: "\n").compactMap { line in
            guard let bar = line.lastIndex(of: "│") else { return nil }
            let words = line[line.index(after: bar)...].split(separator: " ").map(String.init)
            guard words.count >= 5, Int(words[0].replacingOccurrences(of: "▶", with: "")) != nil, Int(words[1]) != nil
            else { return nil }
            return [words[0], words[1], words[2], words[3], words.dropFirst(5).joined(separator: " ")]
        }
    }

    /// The picture halves' text: left of the ┊ and between it and the list's │.
    static func halves(_ screen: String) -> (left: String, right: String) {
        var left: [String] = [], right: [String] = []
        for line in screen.split(separator: "\n") {
            guard let split = line.firstIndex(of: "┊") else { continue }
            left.append(String(line[..<split]))
            let rest = line[line.index(after: split)...]
            right.append(String(rest.prefix { $0 != "│" }))
        }
        return (left.joined(separator: "\n"), right.joined(separator: "\n"))
    }

    static func score(_ s: Double) -> String { String(format: "%.2f", s) }

    @Test func bothHalvesShowTheirModelsDetectionsAndTheDifferences() throws {
        let folder = try TemporaryFolder("dhscope-split")
        let modelA = SecondDemoModel.demo
        let modelB = try SecondDemoModel.write(in: folder)
        let a = try Self.detections(modelA, folder: folder), b = try Self.detections(modelB, folder: folder)
        let expected = Self.compare(a, b)
        #expect(expected.contains { $0.kind != .same }, "the two models must differ on the image for the test to mean anything")
        #expect(expected.contains { $0.kind != .onlyA && $0.kind != .onlyB }, "and agree on some objects")

        let tmux = try TmuxSession(columns: 160, rows: 48, directory: RepositoryFiles.root)
        let browse = "env COLORTERM=truecolor TERM=xterm-256color \(shellQuoted(TmuxSession.executable)) browse"
        try tmux.run("\(browse) \(Self.image) --model \(modelA) --model \(shellQuoted(modelB))")
        try tmux.waitFor("model A's detections") { $0.contains("model 1/2 shapes-dh-ext") && $0.contains("✓") }
        try tmux.press("M")
        let screen = try Self.settled(tmux, "both halves and both heads") {
            $0.contains("▶A shapes-dh-ext · dh-ext · \(a.count) shown") && $0.contains(" B shapes-dh-ext-b · dh-ext · \(b.count) shown")
                && $0.contains("the same proposal through both heads")
        }
        // A's list: its detections as detect gives them, each marked as the spec says.
        let rows = Self.listRows(screen)
        #expect(rows.count == a.count, "\(screen)")
        for (n, row) in rows.enumerated() where n < a.count {
            let d = a[n]
            let kind = expected.first { $0.a?.roi == d.roi && $0.a?.name == d.name }?.kind ?? .same
            let want = [(n == 0 ? "▶" : "") + "\(n + 1)", "\(d.roi)", d.name, String(format: "%.3f", d.score),
                        kind == .same ? "" : kind.rawValue]
            #expect(row == want, "A row \(n + 1)")
        }
        // The boxes: each half labels its side of every difference.
        let (left, right) = Self.halves(screen)
        for d in expected {
            switch d.kind {
            case .onlyA:
                #expect(left.contains("A only \(d.a?.name ?? "") \(Self.score(d.a?.score ?? 0))"), "\(left)")
            case .onlyB:
                #expect(right.contains("B only \(d.b?.name ?? "") \(Self.score(d.b?.score ?? 0))"), "\(right)")
            case .moved:
                #expect(left.contains("moved \(d.a?.name ?? "")") && right.contains("moved \(d.b?.name ?? "")"))
            case .rescored:
                let (x, y) = (Self.score(d.a?.score ?? 0), Self.score(d.b?.score ?? 0))
                #expect(left.contains("\(d.a?.name ?? "") \(x) (B \(y))"), "\(left)")
                #expect(right.contains("\(d.b?.name ?? "") \(y) (A \(x))"), "\(right)")
            case .same:
                break
            }
        }
        // The inspector: A's first detection's proposal through both models' heads.
        #expect(screen.contains("▶A shapes-dh-ext · dh-ext   │B shapes-dh-ext-b · dh-ext"))

        // m: B is current, its list is its detections, and the detection linked to A's
        // selected one is selected.
        try tmux.press("m")
        let other = try Self.settled(tmux, "model B current") {
            $0.contains("model 2/2 shapes-dh-ext-b") && $0.contains("▶B shapes-dh-ext-b") && $0.contains("the same proposal through both heads")
        }
        let rowsB = Self.listRows(other)
        #expect(rowsB.count == b.count, "\(other)")
        let linked = expected.first { $0.a?.roi == a.first?.roi && $0.a?.name == a.first?.name }?.b
        for (n, row) in rowsB.enumerated() where n < b.count {
            let d = b[n]
            let kind = expected.first { $0.b?.roi == d.roi && $0.b?.name == d.name }?.kind ?? .same
            let selected = linked.map { $0.roi == d.roi && $0.name == d.name } ?? (n == 0)
            let want = [(selected ? "▶" : "") + "\(n + 1)", "\(d.roi)", d.name, String(format: "%.3f", d.score),
                        kind == .same ? "" : kind.rawValue]
            #expect(row == want, "B row \(n + 1)")
        }
        #expect(other.contains(" A shapes-dh-ext · dh-ext ") && other.contains("│▶B shapes-dh-ext-b · dh-ext"))
        try tmux.press("q")
    }

    @Test func aNarrowTerminalFallsBackToOneModel() throws {
        let folder = try TemporaryFolder("dhscope-split-narrow")
        let modelB = try SecondDemoModel.write(in: folder)
        let tmux = try TmuxSession(columns: 90, rows: 30, directory: RepositoryFiles.root)
        let browse = "env COLORTERM=truecolor TERM=xterm-256color \(shellQuoted(TmuxSession.executable)) browse"
        try tmux.run("\(browse) \(Self.image) --model \(SecondDemoModel.demo) --model \(shellQuoted(modelB))")
        try tmux.waitFor("model A's detections") { $0.contains("✓") }
        try tmux.press("M")
        // The image pane says why (the status bar's message does not fit 90 columns).
        try tmux.waitFor("the fallback note") { $0.contains("shapes_s3_00008.png  (too narrow to split)") }
        #expect(!(try tmux.capture()).contains("┊"))
        try tmux.resize(columns: 160, rows: 48)
        try tmux.waitFor("the split, once wide enough") { $0.contains("▶A shapes-dh-ext") && $0.contains("┊") }
        try tmux.press("q")
    }
}
