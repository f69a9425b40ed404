import Foundation
import TestSupport
import Testing

/// What a new user sees first: `dhscope` with no arguments, from the repository folder.
struct DemoFirstScreenTests {
    @Test func theDemoOpensOnAnAnnotatedSceneWithItsGroundTruth() throws {
        let tmux = try TmuxSession(directory: RepositoryFiles.root)
        try tmux.run("env COLORTERM=truecolor TERM=xterm-256color \(shellQuoted(TmuxSession.executable))")
        let screen = try tmux.waitFor("the first scene analysed") { $0.contains("variant ") && $0.contains("✓") }
        // The annotated scenes come first, the photos last (p wraps to the last image).
        #expect(screen.contains("1/16 shapes_s3_00000.png"))
        #expect(screen.contains("show ≥0.30"))
        // The shipped ground truth is loaded and shown: GT boxes are labelled, the list has IoUs.
        #expect(screen.contains("GT "))
        #expect(screen.range(of: #"iou 0\.\d\d"#, options: .regularExpression) != nil)
        // Only detections at or above 0.30 are listed.
        let scores = screen.split(separator: "\n").compactMap { line -> Double? in
            let parts = line.split(separator: "│").last?.split(separator: " ") ?? []
            guard parts.count >= 5, Int(parts[0].replacingOccurrences(of: "▶", with: "")) != nil else { return nil }
            return Double(parts[3])
        }
        #expect(!scores.isEmpty && scores.allSatisfy { $0 >= 0.3 }, "listed scores \(scores)")
        try tmux.press("p")
        try tmux.waitFor("the last image, a photo") { $0.contains("16/16 rocket.png") }
        try tmux.press("q")
    }
}
