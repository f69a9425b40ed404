import Foundation
import TestSupport
import Testing

/// The dataset pane, image order and jumps by error type on the demo, in a real terminal.
@Suite(.serialized)
struct DatasetPaneTmuxTests {
    /// `dhscope eval --images` on the demo: each variant's name and 12 numbers, its per-class AP
    /// and its TIDE rows, as the CLI computes them.
    static func evalReports() throws -> [[String: Any]] {
        let folder = try TemporaryFolder("dhscope-dataset-eval")
        let output = folder.file("eval.json")
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TmuxSession.executable)
        process.arguments = ["eval", "--images", "Samples/images", "--gt", "Samples/annotations/shapes-val.json",
                             "--variants", "all", "--json"]
        process.currentDirectoryURL = RepositoryFiles.root
        process.standardOutput = FileHandle(forWritingAtPath: output)
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output))) as? [String: Any]
        return try #require(json?["variants"] as? [[String: Any]])
    }

    /// The numbers after `label` at the start of a line of `screen` (after the pane's margin).
    static func numbers(after label: String, in screen: String) -> [String]? {
        for line in screen.split(separator: "\n") {
            let words = line.split(separator: " ").map(String.init)
            guard words.first == label else { continue }
            return Array(words.dropFirst())
        }
        return nil
    }

    static let browse = "env COLORTERM=truecolor TERM=xterm-256color \(shellQuoted(TmuxSession.executable)) browse"

    /// Waits for the whole demo to be analysed and reviewed.
    static func waitForTheReview(_ tmux: TmuxSession) throws -> String {
        try tmux.waitFor("the dataset review", timeout: 300) { $0.contains("dataset 12/12") && $0.contains("AP50 ") }
    }

    @Test func theNumbersSectionShowsWhatEvalComputes() throws {
        let reports = try Self.evalReports()
        #expect(reports.map { $0["name"] as? String } == ["fc", "conv", "dh", "dh-reverse", "dh-ext"])
        let tmux = try TmuxSession(columns: 100, rows: 30, directory: RepositoryFiles.root)
        try tmux.run(Self.browse)
        try tmux.waitFor("the first scene") { $0.contains("1/16 shapes_s3_00000.png") && $0.contains("✓") }
        try tmux.press("D")
        var screen = try Self.waitForTheReview(tmux)
        #expect(screen.contains("1 COCO numbers"))
        let names = ["AP", "AP50", "AP75", "APs", "APm", "APl", "AR1", "AR10", "AR100", "ARs", "ARm", "ARl"]
        for (n, name) in names.enumerated() {
            let expected = reports.map { report in
                String(format: "%.3f", (report["stats_list"] as? [Double])?[n] ?? -2)
            }
            let shown = try #require(Self.numbers(after: name, in: screen), "the \(name) row:\n\(screen)")
            #expect(Array(shown.prefix(5)) == expected, "\(name)")
        }
        // Per-class AP of the first class, every variant.
        let first = try #require((reports[0]["categories"] as? [[String: Any]])?.first)
        let className = try #require(first["name"] as? String)
        let classAP = reports.map { report in
            String(format: "%.3f", ((report["categories"] as? [[String: Any]])?.first?["ap"] as? Double) ?? -2)
        }
        #expect(Array((Self.numbers(after: className, in: screen) ?? []).suffix(5)) == classAP, "\(className):\n\(screen)")

        // TIDE: the dataset's dAP and count of each type, as eval prints them.
        try tmux.press("2")
        screen = try tmux.waitFor("the TIDE section") { $0.contains("dAP (count)") }
        for type in ["Cls", "Loc", "Both", "Dupe", "Bkg", "Miss"] {
            let expected = reports.map { report -> String in
                let entry = (report["tide"] as? [[String: Any]])?.first { $0["type"] as? String == type }
                return String(format: "%.2f (%d)", entry?["delta_ap"] as? Double ?? -1, entry?["count"] as? Int ?? -1)
            }
            let shown = (Self.numbers(after: type, in: screen) ?? []).joined(separator: " ")
            #expect(shown.hasPrefix(expected.joined(separator: " ")), "\(type): \(shown)")
        }
        try tmux.press("Escape")
        try tmux.waitFor("the browser again") { $0.contains("Detections ") || $0.contains("Errors ") }
        try tmux.press("q")
    }
}
