import Foundation

/// The size of the terminal on standard output, if it is one.
enum TerminalSize {
    /// Columns and rows, leaving the last row for the shell prompt; nil when not a terminal.
    static func current() -> (Int, Int)? {
        guard isatty(STDOUT_FILENO) == 1 else { return nil }
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 1 else { return nil }
        return (Int(size.ws_col), Int(size.ws_row) - 1)
    }
}
