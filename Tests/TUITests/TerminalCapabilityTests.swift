import Foundation
import TestSupport
import Testing

/// The browser in real terminals that differ from the developer's: no `-direct` terminfo
/// entries, TERMs with fewer colours or glyphs, and no UTF-8 locale. Each case runs the real
/// binary in tmux, reads the screen, quits and checks the terminal modes are restored.
@Suite(.serialized)
struct TerminalCapabilityTests {
    struct Run {
        var folder: URL
        var tmux: TmuxSession
        var screen: String
    }

    /// The characters the image pane draws with, in every symbol set.
    static func glyphCount(_ screen: String) -> Int {
        screen.unicodeScalars.filter { scalar in
            (0x1FB00...0x1FB3B).contains(scalar.value) || (0x2580...0x259F).contains(scalar.value)
                || "\"-_[]/\\L#".unicodeScalars.contains(scalar)
        }.count
    }

    static func isLoaded(_ screen: String) -> Bool {
        screen.contains("variant ") && screen.range(of: #"[✓+] \d+ ms"#, options: .regularExpression) != nil
    }

    /// Starts the browser on two test images with `environment` (shell assignments) and waits
    /// until the first is analysed.
    func start(_ environment: String) throws -> Run {
        let folder = try temporaryDirectory("dhscope-tui")
        let model = try TinyModel.write(in: folder)
        _ = try TinyModel.writeImage(in: folder, name: "a.png")
        _ = try TinyModel.writeImage(in: folder, name: "b.png", seed: 3)
        let tmux = try TmuxSession(directory: folder)
        let command = "\(shellQuoted(TmuxSession.executable)) browse a.png b.png --model \(shellQuoted(model))"
        try tmux.run("stty -g > before.txt; env -u COLORTERM -u LC_ALL -u LC_CTYPE DHSCOPE_TERMINFO_CACHE=cache \(environment) \(command); stty -g > after.txt; echo FIN\"\"ISHED")
        let screen = try tmux.waitFor("the first image analysed", Self.isLoaded)
        return Run(folder: folder, tmux: tmux, screen: screen)
    }

    /// Quits with q and checks the shell's terminal modes are as before. Waits for the file
    /// the shell writes after the browser (terminals without an alternate screen, such as
    /// linux and vt100, keep the last frame on screen).
    func quit(_ run: Run, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try run.tmux.press("q")
        let afterFile = run.folder.appendingPathComponent("after.txt")
        let deadline = Date().addingTimeInterval(30)
        var after = ""
        while Date() < deadline {
            after = (try? String(contentsOf: afterFile, encoding: .utf8)) ?? ""
            if !after.isEmpty { break }
            usleep(50_000)
        }
        let before = (try? String(contentsOf: run.folder.appendingPathComponent("before.txt"), encoding: .utf8)) ?? ""
        #expect(!after.isEmpty, "the browser did not quit on q", sourceLocation: sourceLocation)
        #expect(!before.isEmpty && before == after, "terminal modes differ after q", sourceLocation: sourceLocation)
    }

    /// 24-bit colour with a terminfo search path that has no `-direct` entry at all: the
    /// browser compiles its own entry (ncurses-term is not needed).
    @Test func trueColourWithoutAnyDirectEntry() throws {
        let empty = try temporaryDirectory("dhscope-tui")
        let run = try start("TERMINFO_DIRS=\(shellQuoted(empty.path)) TERM=tmux-256color COLORTERM=truecolor")
        let coloured = try run.tmux.capture(escapes: true)
        #expect(coloured.contains("38;2;") || coloured.contains("48;2;"))
        #expect(run.screen.contains("24-bit colour"))
        let made = run.folder.appendingPathComponent("cache/d/dhscope-direct-tmux-256color").path
        #expect(FileManager.default.fileExists(atPath: made), "the private entry was compiled")
        #expect((try FileManager.default.contentsOfDirectory(atPath: empty.path)).isEmpty)
        try quit(run)
    }

    /// Fewer colours than the best: the status bar says which mode and why, and the picture
    /// is still drawn (colour or glyphs) in every case.
    @Test(arguments: [
        ("TERM=xterm-256color", "256 colours: TERM=xterm-256color has no RGB"),
        ("TERM=screen", "8 colours: TERM=screen has no RGB"),
        ("TERM=linux", "8 colours: TERM=linux has no RGB · half symbols: console font"),
        ("TERM=xterm-mono", "no colour: TERM=xterm-mono has no colours"),
        ("TERM=vt100", "no colour: TERM=vt100 has no colours"),
    ])
    func oddTerminalsGetAUsableBrowserThatSaysWhy(_ environment: String, _ status: String) throws {
        let run = try start(environment)
        let expected = environment == "TERM=vt100" ? status.replacingOccurrences(of: "·", with: ".") : status
        #expect(run.screen.contains(expected), "\(environment): the status bar says \(expected)")
        #expect(Self.glyphCount(run.screen) > 100, "\(environment): the picture is drawn")
        if environment == "TERM=linux" {
            // The console font has no sextants.
            #expect(!run.screen.unicodeScalars.contains { (0x1FB00...0x1FB3B).contains($0.value) })
        }
        if environment == "TERM=vt100" {
            #expect(run.screen.unicodeScalars.allSatisfy { $0.value < 0x80 })
        }
        try quit(run)
    }

    /// LANG=C where C.UTF-8 exists: dhscope switches to it and draws as usual.
    @Test func aCLocaleSwitchesToUTF8() throws {
        let run = try start("LANG=C TERM=xterm-256color")
        #expect(run.screen.range(of: #"\d+×\d+"#, options: .regularExpression) != nil, "the title keeps ×")
        #expect(Self.glyphCount(run.screen) > 100)
        #expect(!run.screen.contains("ASCII"))
        try quit(run)
    }

    /// No UTF-8 locale at all: printable ASCII everywhere, the picture drawn with ASCII
    /// symbols, and the status bar says so.
    @Test func withoutAnyUTF8LocaleTheBrowserIsASCII() throws {
        let run = try start("LANG=C DHSCOPE_UTF8_LOCALES=none-such TERM=xterm-256color")
        #expect(run.screen.contains("ASCII: no UTF-8 locale (LANG=C)"))
        #expect(run.screen.unicodeScalars.allSatisfy { $0.value < 0x80 }, "only ASCII on the screen")
        #expect(run.screen.range(of: #"\d+x\d+"#, options: .regularExpression) != nil)
        #expect(Self.glyphCount(run.screen) > 100)
        let coloured = try run.tmux.capture(escapes: true)
        #expect(coloured.contains("38;5;") || coloured.contains("48;5;"))
        try quit(run)
    }
}
