import ArgumentParser
import Foundation
import Terminal

/// `dhscope doctor`: what dhscope detected about the terminal and what it will use.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Show what dhscope detects about this terminal and what it will use (for bug reports).",
        discussion: """
            Prints TERM and its terminfo entry, COLORTERM, NO_COLOR, the locale and character set, the size in \
            cells and pixels, the cell size in pixels when the terminal answers (CSI 16 t, 150 ms at most), \
            mouse support, the symbol sets the font is assumed to have, and the colours and symbols the \
            browser and render will use, with the reasons.

            Examples:
              dhscope doctor
            """)

    func run() throws {
        print(DoctorReport.gather().text, terminator: "")
    }
}
