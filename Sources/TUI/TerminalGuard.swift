import CNCurses
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Restores the terminal when the process ends by a signal: Ctrl-C, SIGTERM and SIGHUP,
/// and the fatal signals a Swift trap or a crash raises. Each handler calls `endwin()`,
/// puts the default action back and raises the signal again, so the process still ends
/// the way the signal says (exit status, core dump) but with a usable terminal.
enum TerminalGuard {
    /// The signals handled.
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGABRT, SIGBUS, SIGILL, SIGTRAP, SIGFPE]

    /// Installs the handlers (after the screen is initialised, so they replace ncurses' own).
    static func install() {
        for signal in signals { _ = Glibc.signal(signal, restoreTerminalAndReraise) }
    }

    /// Puts the default actions back (after the terminal was restored normally).
    static func uninstall() {
        for signal in signals { _ = Glibc.signal(signal, SIG_DFL) }
    }
}

/// The handler: restore, then die of the same signal.
private func restoreTerminalAndReraise(_ signal: Int32) {
    endwin()
    _ = Glibc.signal(signal, SIG_DFL)
    raise(signal)
}
