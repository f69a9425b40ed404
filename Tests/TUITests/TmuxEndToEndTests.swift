import Foundation
import TestSupport
import Testing

/// The real binary in a real terminal (tmux): what a user sees and types.
@Suite(.serialized)
struct TmuxEndToEndTests {
    struct Setup {
        var folder: URL
        var model: String
        var images: [String]
        var command: String
    }

    func setUp() throws -> Setup {
        let folder = try temporaryDirectory("dhscope-tui")
        let model = try TinyModel.write(in: folder)
        let a = try TinyModel.writeImage(in: folder, name: "a.png")
        let b = try TinyModel.writeImage(in: folder, name: "b.png", seed: 3)
        let command = "\(shellQuoted(TmuxSession.executable)) browse a.png b.png --model \(shellQuoted(model))"
        return Setup(folder: folder, model: model, images: [a, b], command: command)
    }

    func read(_ folder: URL, _ name: String) -> String {
        (try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)) ?? ""
    }

    static func isLoaded(_ screen: String) -> Bool { screen.contains("variant ") && screen.contains("✓") }

    @Test func browsingInspectingVariantsHelpResizeAndQuit() throws {
        let s = try setUp()
        let tmux = try TmuxSession(directory: s.folder)
        try tmux.run("stty -g > before.txt; TERM=tmux-256color COLORTERM=truecolor \(s.command); stty -g > after.txt; echo FIN\"\"ISHED")
        var screen = try tmux.waitFor("the first image analysed", Self.isLoaded)
        #expect(screen.contains("1/2 a.png"))
        #expect(screen.contains("variant dh-ext"))
        // Detections are drawn with their labels, in 24-bit colour.
        #expect(screen.range(of: #"(circle|square|triangle) 0\.\d\d"#, options: .regularExpression) != nil)
        let coloured = try tmux.capture(escapes: true)
        #expect(coloured.contains("38;2;") || coloured.contains("48;2;"))

        // All RoIs, first, then two down: the inspector shows what `inspect --json` reports.
        try tmux.press("Tab", "g", "j", "j")
        screen = try tmux.waitFor("RoI 2 in the inspector") { $0.contains("RoI 2 of") }
        let report = try inspect(s, roi: 2)
        let proposal = try #require(numbers(after: "proposal", in: screen))
        #expect(proposal.count == 4)
        for (shown, truth) in zip(proposal, report.proposal) { #expect(abs(shown - truth) <= 0.051) }
        if let objectness = report.objectness {
            let shown = try #require(numbers(after: "objectness", in: screen)?.first)
            #expect(abs(shown - objectness) <= 0.0001)
        }
        let best = try #require(report.fcScores.max())
        #expect(screen.contains(String(format: "%.4f", best)))

        // Variants: the status bar follows.
        try tmux.press("v")
        try tmux.waitFor("variant fc") { $0.contains("variant fc ") }
        try tmux.press("v")
        try tmux.waitFor("variant conv") { $0.contains("variant conv ") }

        // Compare mode lists the differences.
        try tmux.press("c")
        screen = try tmux.waitFor("compare mode") { screen in
            screen.contains("variant conv vs dh") && ["moved", "only A", "only B", "re-scored", "→"].contains { screen.contains($0) }
        }
        try tmux.press("c")

        // Help opens and closes (q inside help closes only the help).
        try tmux.press("?")
        try tmux.waitFor("help") { $0.contains("dhscope keys") }
        try tmux.press("q")
        screen = try tmux.waitFor("help closed") { !$0.contains("dhscope keys") && $0.contains("variant conv") }

        // Resizes: the minimum works, smaller shows the message, back to full size.
        try tmux.resize(columns: 60, rows: 20)
        try tmux.waitFor("60x20 layout") { $0.contains("RoIs") && !$0.contains("too small") }
        try tmux.resize(columns: 50, rows: 15)
        try tmux.waitFor("the too-small message") { $0.contains("terminal too small") }
        try tmux.resize(columns: 160, rows: 48)
        try tmux.waitFor("full size again") { $0.contains("variant conv") && $0.contains("RoI 2 of") }

        // Next image.
        try tmux.press("n")
        try tmux.waitFor("the second image") { $0.contains("2/2 b.png") && Self.isLoaded($0) }

        try tmux.press("q")
        try tmux.waitFor("the shell after q") { $0.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces) == "FINISHED" } }
        #expect(!read(s.folder, "before.txt").isEmpty)
        #expect(read(s.folder, "before.txt") == read(s.folder, "after.txt"))
    }

    /// SIGINT, SIGTERM and SIGHUP from outside, and a trap inside the browser (a debug-only
    /// key): the shell's `stty -g` is the same before and after, and the process ends by the
    /// signal (status 128 + n as the shell reports it).
    @Test(arguments: [("TERM", SIGTERM), ("INT", SIGINT), ("HUP", SIGHUP), ("trap", 0)])
    func signalsRestoreTheTerminal(_ name: String, _ signal: Int32) throws {
        let s = try setUp()
        let tmux = try TmuxSession(directory: s.folder)
        // A script run by a non-interactive bash: an interactive shell whose child dies of
        // SIGINT abandons the rest of the command line, as if Ctrl-C had been pressed.
        let script = "stty -g > before.txt\nDHSCOPE_DEBUG_CRASH_KEY=1 sh -c 'echo $$ > pid.txt; exec \(s.command)'\necho $? > status.txt\nstty -g > after.txt\n"
        try Data(script.utf8).write(to: s.folder.appendingPathComponent("run.sh"))
        try tmux.run("bash run.sh; echo FIN\"\"ISHED")
        try tmux.waitFor("the browser", Self.isLoaded)
        if signal == 0 {
            try tmux.press("!")
        } else {
            let pid = try #require(Int32(read(s.folder, "pid.txt").trimmingCharacters(in: .whitespacesAndNewlines)))
            #expect(kill(pid, signal) == 0)
        }
        try tmux.waitFor("the shell after \(name)") { $0.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces) == "FINISHED" } }
        #expect(!read(s.folder, "before.txt").isEmpty)
        #expect(read(s.folder, "before.txt") == read(s.folder, "after.txt"), "\(name): terminal modes differ")
        let status = Int32(read(s.folder, "status.txt").trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
        if signal != 0 {
            #expect(status == 128 + signal, "\(name): exit status \(status)")
        } else {
            // A Swift trap is SIGILL or SIGTRAP depending on the build.
            #expect(status == 128 + SIGILL || status == 128 + SIGTRAP, "trap: exit status \(status)")
        }
        let screen = try tmux.capture()
        #expect(!screen.contains("variant "), "\(name): the browser's screen is gone")
    }

    @Test func noColorGivesAPlainScreen() throws {
        let s = try setUp()
        let tmux = try TmuxSession(directory: s.folder)
        try tmux.run("NO_COLOR=1 \(s.command)")
        try tmux.waitFor("the browser", Self.isLoaded)
        let coloured = try tmux.capture(escapes: true)
        #expect(!coloured.contains("38;2;") && !coloured.contains("48;2;") && !coloured.contains("38;5;"))
        try tmux.press("q")
    }

    @Test func aBadModelIsReportedBeforeTheScreenOpens() throws {
        let s = try setUp()
        let bad = s.folder.appendingPathComponent("bad.safetensors")
        try Data("garbage".utf8).write(to: bad)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TmuxSession.executable)
        process.arguments = ["browse", s.images[0], "--model", bad.path]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus != 0)
        #expect(message.contains("bad.safetensors"))
        #expect(!message.contains("\u{1B}["))
    }

    struct InspectReport {
        var proposal: [Double]
        var objectness: Double?
        var fcScores: [Double]
    }

    func inspect(_ s: Setup, roi: Int) throws -> InspectReport {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TmuxSession.executable)
        process.arguments = ["inspect", s.images[0], "--model", s.model, "--roi", "\(roi)", "--json"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let record = try #require((root["rois"] as? [[String: Any]])?.first)
        let fc = try #require(record["fc"] as? [String: Any])
        return InspectReport(proposal: try #require(record["proposal"] as? [Double]),
                             objectness: record["objectness"] as? Double,
                             fcScores: try #require(fc["scores"] as? [Double]))
    }

    /// The numbers following `label` on the first line that has it.
    func numbers(after label: String, in screen: String) -> [Double]? {
        for line in screen.split(separator: "\n") {
            guard let range = line.range(of: label + " ") else { continue }
            let rest = line[range.upperBound...]
            let values = rest.split(separator: " ").prefix { Double($0) != nil }.compactMap { Double($0) }
            return values.isEmpty ? nil : values
        }
        return nil
    }
}
