import Foundation
import Rendering

/// `dhscope doctor`: what dhscope found out about the terminal and what it will use, as
/// labelled lines a user can paste into a bug report.
public struct DoctorReport: Sendable {
    /// Sections of (label, value) lines, in order.
    public let sections: [(title: String, lines: [(label: String, value: String)])]

    /// Gathers the report. `askCellSize` queries the terminal (only when standard input and
    /// output are terminals); the screen profile may compile a private terminfo entry.
    public static func gather(environment: TerminalEnvironment = TerminalEnvironment(),
                              askCellSize: Bool = true) -> DoctorReport {
        let screen = TerminalProfile.forScreen(requestedColors: nil, requestedSymbols: nil, environment: environment)
        let stream = TerminalProfile.forStream(requestedColors: nil, requestedSymbols: nil, environment: environment)
        let variables = environment.variables
        func shown(_ name: String) -> String { variables[name].map { $0.isEmpty ? "(empty)" : $0 } ?? "not set" }

        var terminal: [(String, String)] = [
            ("TERM", environment.term.isEmpty ? "not set" : environment.term),
            ("terminfo", screen.entry?.summary ?? "no entry for TERM=\(environment.term)"),
            ("COLORTERM", shown("COLORTERM")),
            ("NO_COLOR", shown("NO_COLOR")),
            ("TERM_PROGRAM", shown("TERM_PROGRAM")),
            ("TMUX", variables["TMUX"] == nil ? "not set" : "set (inside tmux)"),
        ]
        let window = WindowSize.current()
        if let window {
            var size = "\(window.columns)x\(window.rows) cells"
            if let pixels = window.pixels, let cell = window.cellPixels {
                size += "; \(pixels.width)x\(pixels.height) pixels (\(cell.width)x\(cell.height) a cell)"
            } else {
                size += "; pixels not reported (TIOCGWINSZ)"
            }
            terminal.append(("size", size))
        } else {
            terminal.append(("size", "standard output is not a terminal"))
        }
        // One probe (150 ms at most) answers both the cell size and the graphics questions.
        let probe = askCellSize ? askTerminal(environment: environment) : nil
        if let probe {
            terminal.append(("cell size", probe.capabilities.cellSize.map { "\($0) pixels (answered CSI 16 t)" }
                             ?? "no answer to CSI 16 t within 150 ms"))
        } else {
            terminal.append(("cell size", "not asked (not a terminal)"))
        }
        terminal.append(("mouse", (screen.entry?.hasMouse ?? false) ? "xterm mouse reports (kmous)" : "none described by terminfo"))

        let locale: [(String, String)] = [
            ("setting", environment.localeSetting ?? "no LC_ALL, LC_CTYPE or LANG"),
            ("character set", screen.encoding.originalCodeset),
            ("text", screen.encoding.summary),
            ("UTF-8 locales tried", TextEncoding.candidates(environment).joined(separator: " ")),
        ]
        let fonts: [(String, String)] = [
            ("symbol sets", screen.symbols.assumedAvailable.map(\.rawValue).joined(separator: ", ")
                + " (assumed: a font cannot be asked)"),
        ]
        var screenLine = "\(screen.colors.modeName) (\(screen.colors.reason))"
        if let entry = screen.privateEntry {
            screenLine += "; screen opened with the private entry \(entry.name) in \(entry.directory)"
        } else if let name = screen.screenEntryName {
            screenLine += "; screen opened with TERM=\(name)"
        }
        let use: [(String, String)] = [
            ("browser colours", screenLine),
            ("render colours", "\(stream.colors.modeName) (\(stream.colors.reason))"),
            ("symbols", screen.symbols.summary),
            ("status bar", screen.statusNote),
        ]
        var sections = [("Terminal", terminal), ("Locale", locale), ("Fonts", fonts),
                        ("Graphics", graphicsLines(probe: probe, environment: environment)), ("dhscope will use", use)]
        if !screen.notes.isEmpty { sections.append(("Notes", screen.notes.map { ("note", $0) })) }
        return DoctorReport(sections: sections.map { (title: $0.0, lines: $0.1.map { (label: $0.0, value: $0.1) }) })
    }

    /// Runs the terminal queries once, when standard input and output are terminals (not the
    /// Linux console, which answers none of them), and gives back keys typed meanwhile.
    static func askTerminal(environment: TerminalEnvironment) -> GraphicsProbe.Result? {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1, environment.term != "linux",
              let probe = GraphicsProbe.run(environment: environment) else { return nil }
        GraphicsProbe.giveBack(probe.unrelated)
        return probe
    }

    /// What the graphics queries found and what `--pixels auto` would choose.
    static func graphicsLines(probe: GraphicsProbe.Result?, environment: TerminalEnvironment) -> [(String, String)] {
        guard let probe else {
            return [("queries", "not asked (not a terminal)"), ("pictures", "blocks (--pixels auto asks no terminal)")]
        }
        let found = probe.capabilities
        let window = WindowSize.current().flatMap(\.cellPixels).map { PixelSize(width: $0.width, height: $0.height) }
        let choice = GraphicsChoice.choose(request: .auto, capabilities: found, environment: environment, windowCell: window)
        return [
            ("queries", (probe.complete ? "answered" : "no device attributes answer") + " in \(Int((probe.seconds * 1000).rounded())) ms"),
            ("device attributes", found.deviceAttributes.map { $0.map(String.init).joined(separator: ";") + (found.hasSixel ? " (4: sixel)" : "") } ?? "no answer"),
            ("XTVERSION", found.version ?? "no answer"),
            ("sixel registers", found.colorRegisters.map(String.init) ?? "not reported (XTSMGRAPHICS)"),
            ("sixel geometry", found.sixelGeometry.map { "\($0) pixels at most" } ?? "not reported (XTSMGRAPHICS)"),
            ("kitty graphics", found.kittyAnswer.map { "answered \($0)" } ?? "no answer to a=q"),
            ("cell size", found.cellSize.map { "\($0) pixels (CSI 16 t)" } ?? window.map { "\($0) pixels (TIOCGWINSZ)" } ?? "unknown"),
            ("pictures", choice.reason),
        ]
    }

    /// The report as text.
    public var text: String {
        var out = "dhscope doctor: the terminal as dhscope sees it (paste this into a bug report)\n"
        let width = sections.flatMap { $0.lines.map(\.label.count) }.max() ?? 0
        for section in sections {
            out += "\n\(section.title)\n"
            for line in section.lines {
                out += "  " + line.label.padding(toLength: width + 2, withPad: " ", startingAt: 0) + line.value + "\n"
            }
        }
        return out
    }
}
