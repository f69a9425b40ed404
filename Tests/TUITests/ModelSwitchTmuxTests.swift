import Foundation
import TestSupport
import Testing

/// `browse --model A --model B` in a real terminal: `m` switches the model shown, and the
/// status bar and the detections list follow, as `dhscope detect --model X --json` says.
@Suite(.serialized)
struct ModelSwitchTmuxTests {
    static let image = "Samples/images/shapes_s3_00002.png"
    static let models = [("Samples/models/shapes-dh-ext.safetensors", "shapes-dh-ext"),
                         (SharedFixtures.tinyModel, "tiny-dh-ext")]

    /// `dhscope detect IMAGE --model MODEL --json`: the detections the browser lists (at or
    /// above its display threshold, 0.3), best first.
    static func detections(_ model: String) throws -> [[String: Any]] {
        let folder = try TemporaryFolder("dhscope-model-switch")
        let output = folder.file("detect.json")
        #expect(try CLIProcess.run(["detect", image, "--model", model, "--json"], output: output) == 0)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output))) as? [String: Any]
        #expect(json?["model"] as? String == model)
        let all = ((json?["images"] as? [[String: Any]])?.first?["detections"] as? [[String: Any]]) ?? []
        return all.filter { ($0["score"] as? Double ?? 0) >= 0.3 }
            .sorted { ($0["score"] as? Double ?? 0) > ($1["score"] as? Double ?? 0) }
    }

    /// The list's rows as [number, RoI, class, score] (the part of each line after the last │).
    static func listRows(_ screen: String) -> [[String]] {
        screen.split(separator: "\n").compactMap { line in
            guard let bar = line.lastIndex(of: "│") else { return nil }
            let words = line[line.index(after: bar)...].split(separator: " ").map(String.init)
            guard words.count >= 4, Int(words[0].replacingOccurrences(of: "▶", with: "")) != nil, Int(words[1]) != nil
            else { return nil }
            return [words[0].replacingOccurrences(of: "▶", with: ""), words[1], words[2], words[3]]
        }
    }

    @Test func mSwitchesTheModelAndItsDetections() throws {
        let expected = try Self.models.map { try Self.detections($0.0) }
        #expect(expected[0].count != expected[1].count, "the two models must differ on the image for the test to tell them apart")
        let tmux = try TmuxSession(columns: 160, rows: 48, directory: RepositoryFiles.root)
        let browse = "env COLORTERM=truecolor TERM=xterm-256color \(shellQuoted(TmuxSession.executable)) browse"
        try tmux.run("\(browse) \(Self.image) --model \(Self.models[0].0) --model \(Self.models[1].0)")
        for step in 0..<3 {
            if step > 0 { try tmux.press("m") }
            let m = step % 2
            let (path, name) = Self.models[m]
            let shown = expected[m]
            let screen = try tmux.waitFor("\(name)'s detections") {
                $0.contains("model \(m + 1)/2 \(name)") && $0.contains("✓") && $0.contains("Detections \(shown.count) ·")
            }
            let rows = Self.listRows(screen)
            #expect(!rows.isEmpty, "\(path): no list rows\n\(screen)")
            for (n, row) in rows.prefix(8).enumerated() {
                let d = shown[n]
                let want = ["\(n + 1)", "\(d["roi"] as? Int ?? -1)", d["label"] as? String ?? "",
                            String(format: "%.3f", d["score"] as? Double ?? -1)]
                #expect(row == want, "\(name) row \(n + 1): \(row) != \(want)")
            }
        }
    }
}
