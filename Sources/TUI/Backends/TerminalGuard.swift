import CNCurses
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Restores the terminal when the process ends by a signal.
///
/// Ctrl-C, SIGTERM and SIGHUP are only noted by the handler; the UI loop (which wakes at
/// least every 30 ms) sees the note, shuts the screen down on the main thread and raises
/// the signal again with its default action, so the process ends as the signal says with
/// a usable terminal and no race with drawing. A second such signal, or a fatal one
/// (SIGSEGV, SIGABRT, SIGBUS, SIGILL, SIGTRAP, SIGFPE: a Swift trap or a crash), restores
/// the terminal right in the handler with `endwin()` and re-raises.
enum TerminalGuard {
    /// Signals the loop handles.
    static let polite: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]
    /// Signals handled at once.
    static let fatal: [Int32] = [SIGSEGV, SIGABRT, SIGBUS, SIGILL, SIGTRAP, SIGFPE]

    /// Installs the handlers (after the screen is initialised, so they replace ncurses' own).
    static func install() {
        for signal in polite { _ = Glibc.signal(signal, noteSignal) }
        for signal in fatal { _ = Glibc.signal(signal, restoreTerminalAndReraise) }
    }

    /// Puts the default actions back (after the terminal was restored normally).
    static func uninstall() {
        for signal in polite + fatal { _ = Glibc.signal(signal, SIG_DFL) }
    }

    /// The signal noted by the handler, if any.
    static var pending: Int32? { pendingSignal == 0 ? nil : pendingSignal }

    /// Ends the process with `signal`'s default action (call after restoring the terminal).
    static func reraise(_ signal: Int32) -> Never {
        _ = Glibc.signal(signal, SIG_DFL)
        raise(signal)
        _exit(128 + signal)
    }
}

/// Written only by the signal handler, read by the UI loop; a 32-bit store is atomic on
/// the platforms dhscope runs on.
nonisolated(unsafe) private var pendingSignal: Int32 = 0

private func noteSignal(_ signal: Int32) {
    if pendingSignal != 0 { restoreTerminalAndReraise(signal) }
    pendingSignal = signal
}

/// Restore, then die of the same signal.
private func restoreTerminalAndReraise(_ signal: Int32) {
    endwin()
    _ = Glibc.signal(signal, SIG_DFL)
    raise(signal)
}
