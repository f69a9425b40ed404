import Foundation

/// Terminal input without line buffering or echo, for reading a terminal's answers.
enum RawMode {
    /// Runs `body` with `tty` non-canonical and not echoing, its settings restored afterwards;
    /// nil when `tty` is not a terminal or cannot be switched.
    static func with<T>(_ tty: Int32, _ body: () -> T?) -> T? {
        var saved = termios()
        guard tcgetattr(tty, &saved) == 0 else { return nil }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        guard tcsetattr(tty, TCSANOW, &raw) == 0 else { return nil }
        defer { tcsetattr(tty, TCSANOW, &saved) }
        return body()
    }
}
