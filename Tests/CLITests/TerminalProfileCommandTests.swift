import Foundation
import TestSupport
import Testing

/// `dhscope doctor` and `render` under the environments a new user brings: what is detected
/// is printed, and render's output follows the same decisions as the browser.
struct TerminalProfileCommandTests {
    func environment(_ values: [String: String]) -> [String: String] {
        // A clean slate for the variables that decide: each test names what it sets.
        var env = ["COLORTERM": "", "LC_ALL": "", "LC_CTYPE": "", "NO_COLOR": "",
                   "DHSCOPE_TERMINFO_CACHE": FileManager.default.temporaryDirectory.appendingPathComponent("dhscope-cli-terminfo").path]
        for (k, v) in values { env[k] = v }
        return env
    }

    func line(_ label: String, in text: String) -> String? {
        text.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(label + " ") }
            .map { $0.trimmingCharacters(in: .whitespaces).dropFirst(label.count).trimmingCharacters(in: .whitespaces) }
    }

    @Test func doctorSaysWhatItFoundAndWhatItWillUse() throws {
        let result = try CLIRunner.run(["doctor"], environment: environment(["TERM": "screen", "LANG": "C"]))
        #expect(result.status == 0)
        let text = result.stdout
        #expect(line("TERM", in: text) == "screen")
        #expect(line("terminfo", in: text) == "8 colours, no RGB, mouse")
        #expect(line("COLORTERM", in: text) == "(empty)")
        #expect(line("setting", in: text) == "LANG=C")
        #expect(line("character set", in: text) == "ANSI_X3.4-1968")
        #expect(line("text", in: text)?.hasPrefix("UTF-8 (LANG=C; switched to C.") == true)
        #expect(line("size", in: text) == "standard output is not a terminal")
        #expect(line("cell size", in: text) == "not asked (not a terminal)")
        #expect(line("browser colours", in: text)?.hasPrefix("8 colours (TERM=screen has no RGB)") == true)
        #expect(line("symbols", in: text) == "sextant symbols")
        #expect(line("status bar", in: text) == "8 colours: TERM=screen has no RGB")
    }

    @Test func doctorNamesThePrivateEntryForTrueColour() throws {
        let folder = try TemporaryFolder("dhscope-doctor")
        let cache = folder.path
        let result = try CLIRunner.run(["doctor"], environment: environment(
            ["TERM": "xterm-256color", "COLORTERM": "truecolor", "LANG": "C.UTF-8", "DHSCOPE_TERMINFO_CACHE": cache]))
        let browser = try #require(line("browser colours", in: result.stdout))
        #expect(browser == "24-bit colour (COLORTERM=truecolor); screen opened with the private entry dhscope-direct-xterm-256color in \(cache)")
        #expect(line("render colours", in: result.stdout) == "24-bit colour (COLORTERM=truecolor)")
    }

    @Test func doctorWithoutAnyUTF8Locale() throws {
        let result = try CLIRunner.run(["doctor"], environment: environment(
            ["TERM": "linux", "LANG": "C", "DHSCOPE_UTF8_LOCALES": "none-such"]))
        #expect(line("text", in: result.stdout) == "ASCII: no UTF-8 locale (LANG=C)")
        #expect(line("symbols", in: result.stdout) == "ascii symbols: no UTF-8 locale")
    }

    static let scene = RepositoryFiles.path("Samples/images/shapes_s3_00000.png")

    /// LANG=C where no UTF-8 locale exists: render writes printable ASCII only, and still a
    /// picture (colours and ASCII glyphs), labels included.
    @Test func renderWithoutUTF8IsASCII() throws {
        let result = try CLIRunner.run(["render", Self.scene, "--size", "60x20", "--model", "demo"],
                                       environment: environment(["TERM": "xterm-256color", "COLORTERM": "truecolor",
                                                                 "LANG": "C", "DHSCOPE_UTF8_LOCALES": "none-such"]))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.utf8.allSatisfy { $0 < 0x80 }, "only ASCII bytes")
        #expect(result.stdout.contains("48;2;"))
        let glyphs = result.stdout.filter { "\"-_[]/\\L#".contains($0) }.count
        #expect(glyphs > 50)
    }

    /// LANG=C with C.UTF-8 available: sextants, as the browser draws them.
    @Test func renderInACLocaleUsesUTF8() throws {
        let result = try CLIRunner.run(["render", Self.scene, "--size", "60x20"],
                                       environment: environment(["TERM": "xterm-256color", "LANG": "C"]))
        #expect(result.status == 0)
        #expect(result.stdout.unicodeScalars.contains { (0x1FB00...0x1FB3B).contains($0.value) })
        // TERM=xterm-256color without COLORTERM: 256 colours, as doctor says.
        #expect(result.stdout.contains("38;5;") && !result.stdout.contains("38;2;"))
    }

    @Test func renderOnTheLinuxConsoleUsesHalfBlocks() throws {
        let result = try CLIRunner.run(["render", Self.scene, "--size", "60x20"],
                                       environment: environment(["TERM": "linux", "LANG": "C.UTF-8"]))
        #expect(result.status == 0)
        #expect(!result.stdout.unicodeScalars.contains { (0x1FB00...0x1FB3B).contains($0.value) })
        #expect(result.stdout.unicodeScalars.contains { $0 == "\u{2580}" || $0 == "\u{2584}" })
    }
}

/// `dhscope doctor` on a real pseudo-terminal (util-linux `script`, in Debian's essential
/// bsdutils) whose other end answers nothing: every query goes out once, in one probe.
struct DoctorOnATerminalTests {
    @Test func doctorAsksEachQueryOnceAndSaysNothingAnswered() throws {
        let command = "exec \"\(CLIRunner.executable.path)\" doctor"
        let result = try CLIRunner.run(["-q", "-e", "-c", command, "/dev/null"],
                                       environment: ["TERM": "xterm-256color", "LANG": "C.UTF-8", "COLORTERM": ""],
                                       program: URL(fileURLWithPath: "/usr/bin/script"))
        #expect(result.status == 0, "\(result.stderr)")
        let text = result.stdout
        func count(_ needle: String) -> Int { text.components(separatedBy: needle).count - 1 }
        #expect(count("\u{1B}[16t") == 1, "the cell-size query is asked once")
        #expect(count("\u{1B}[c") == 1, "the device attributes are asked once")
        // The terminal turns each "\n" into "\r\n", one Character in Swift.
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines.contains { $0.hasPrefix("cell size") && $0.hasSuffix("no answer to CSI 16 t within 150 ms") })
        #expect(lines.contains { $0.hasPrefix("queries") && $0.contains("no device attributes answer") })
    }
}
