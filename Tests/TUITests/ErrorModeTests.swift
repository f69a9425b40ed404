import Foundation
import TestSupport
import Testing

/// The browser's error mode on the demo: every label's count in the status bar is what
/// `dhscope eval --errors` writes for the same image, the list holds the errors, x toggles.
struct ErrorModeTests {
    /// Counts by type of `eval --errors` for one image of the demo.
    static func evalCounts(image: String) throws -> [String: Int] {
        let folder = try TemporaryFolder("dhscope-errors")
        let errors = folder.file("errors.jsonl")
        #expect(try CLIProcess.run(["eval", "--gt", "Samples/annotations/shapes-val.json", "--images", image, "--no-tide",
                             "--errors", errors]) == 0)
        var counts: [String: Int] = [:]
        for line in try String(contentsOfFile: errors, encoding: .utf8).split(separator: "\n") {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            if let type = object?["type"] as? String { counts[type, default: 0] += 1 }
        }
        return counts
    }

    @Test func errorModeLabelsTheDemoAsEvalDoes() throws {
        let expected = try Self.evalCounts(image: "Samples/images/shapes_s3_00000.png")
        #expect((expected["tp"] ?? 0) > 0 && expected.values.reduce(0, +) > expected["tp"] ?? 0, "\(expected)")
        let legend = ["tp", "cls", "loc", "both", "dupe", "bkg", "miss"].map { "\($0) \(expected[$0] ?? 0)" }.joined(separator: " ")

        let tmux = try TmuxSession(columns: 200, rows: 50, directory: RepositoryFiles.root)
        try tmux.run("env COLORTERM=truecolor TERM=xterm-256color \(shellQuoted(TmuxSession.executable)) browse --errors")
        var screen = try tmux.waitFor("the first scene in error mode") { $0.contains("errors tp") && $0.contains("✓") }
        #expect(screen.contains("1/16 shapes_s3_00000.png"))
        #expect(screen.contains("errors " + legend), "status bar: \(screen.split(separator: "\n").last ?? "")")
        #expect(screen.contains("Errors "), "the list is titled Errors")
        // Each label of the legend in its colour (tp: Okabe-Ito bluish green, 0 158 115).
        #expect(try tmux.capture(escapes: true).contains("38;2;0;158;115"))
        // The listed errors carry their type; true positives are not listed.
        let listed = screen.split(separator: "\n").filter { $0.range(of: #" (cls|loc|both|dupe|bkg)\s*$"#, options: .regularExpression) != nil }
        #expect(!listed.isEmpty || (expected["tp"] ?? 0) == expected.values.reduce(0, +) - (expected["miss"] ?? 0))

        try tmux.press("x")
        screen = try tmux.waitFor("error mode off") { !$0.contains("errors tp") && $0.contains("Detections ") }
        try tmux.press("x")
        screen = try tmux.waitFor("error mode on again") { $0.contains("errors " + legend) }
        try tmux.press("q")
    }

    /// `]` goes past the last error of an image to the first error of the next image that has
    /// one (waiting for its analysis); `[` comes back to the last error of the image before.
    @Test func bracketsJumpFromErrorToErrorAcrossImages() throws {
        let tmux = try TmuxSession(columns: 200, rows: 50, directory: RepositoryFiles.root)
        try tmux.run("env COLORTERM=truecolor TERM=xterm-256color \(shellQuoted(TmuxSession.executable)) browse --errors")
        var screen = try tmux.waitFor("the first scene in error mode") { $0.contains("errors tp") && $0.contains("✓") }
        let errorRow = #"▶.* (cls|loc|both|dupe|bkg)\s*│?\s*$"#
        func selectedIsAnError(_ screen: String) -> Bool {
            screen.split(separator: "\n").contains { $0.range(of: errorRow, options: .regularExpression) != nil }
        }
        let firstCount = Int(screen.firstMatch(of: /Errors (\d+)/)?.1 ?? "0") ?? 0
        #expect(firstCount >= 1, "the first scene lists errors")
        for _ in 0..<firstCount { try tmux.press("]") }
        // Past its last error: another image, analysed, with an error selected.
        screen = try tmux.waitFor("the next image with an error selected") {
            !$0.contains("1/16 shapes_s3_00000.png") && $0.contains("✓") && selectedIsAnError($0)
        }
        #expect(screen.contains("errors tp"))
        let here = String(screen.firstMatch(of: /(\d+)\/16 (\S+)/)?.0 ?? "")
        try tmux.press("[")
        screen = try tmux.waitFor("back to the first scene, its last error selected") {
            $0.contains("1/16 shapes_s3_00000.png") && $0.contains("✓") && selectedIsAnError($0)
        }
        #expect(!here.isEmpty && !screen.contains(here))
        try tmux.press("q")
    }
}
