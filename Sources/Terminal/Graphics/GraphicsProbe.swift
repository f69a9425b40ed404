import Foundation

/// Asks the terminal on `/dev/tty` the graphics queries and reads the answers within a
/// budget, with echo and line editing off meanwhile (restored after). Keys typed meanwhile
/// are not lost: they come back in ``Result/unrelated`` for the application.
public enum GraphicsProbe {
    public struct Result: Sendable {
        public var capabilities: GraphicsCapabilities
        /// Bytes that were not answers (keys typed meanwhile), in order.
        public var unrelated: [UInt8]
        /// How long the probe took.
        public var seconds: Double
        /// Whether the batch's sentinel came back (else the budget ran out).
        public var complete: Bool
    }

    /// Runs the probe on the controlling terminal; nil when there is none.
    public static func run(environment: TerminalEnvironment, budget: TimeInterval = 0.15) -> Result? {
        let tty = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard tty >= 0 else { return nil }
        defer { close(tty) }
        return run(on: tty, environment: environment, budget: budget)
    }

    /// Runs the probe on the terminal open as `tty`; nil when it is not a terminal.
    public static func run(on tty: Int32, environment: TerminalEnvironment, budget: TimeInterval = 0.15) -> Result? {
        return RawMode.with(tty) { () -> Result? in
            let variables = environment.variables
            let insideTmux = variables["TMUX"] != nil
            let request = GraphicsQuery.batch(insideTmux: insideTmux,
                                              kittyFirst: variables["KITTY_WINDOW_ID"] != nil || variables["TERM"] == "xterm-kitty")
            let started = Date()
            guard request.withUnsafeBufferPointer({ write(tty, $0.baseAddress, $0.count) }) == request.count else { return nil }
            var parser = TerminalReplyParser()
            let deadline = started.addingTimeInterval(budget)
            var buffer = [UInt8](repeating: 0, count: 4096)
            // Inside tmux the sentinel is no sentinel for the kitty query: tmux answers the
            // device attributes itself at once, while the query goes through passthrough to
            // the outer terminal and its answer comes back later (or never: passthrough off,
            // or no kitty outside), so it is awaited until the budget runs out.
            while !parser.sawDeviceAttributes || (insideTmux && !parser.sawKittyAnswer) {
                let left = deadline.timeIntervalSinceNow
                guard left > 0 else { break }
                var descriptor = pollfd(fd: tty, events: Int16(POLLIN), revents: 0)
                guard poll(&descriptor, 1, Int32(max(1, (left * 1000).rounded(.up)))) > 0 else { break }
                let n = buffer.withUnsafeMutableBufferPointer { read(tty, $0.baseAddress, $0.count) }
                guard n > 0 else { break }
                parser.feed(Array(buffer[0..<n]))
            }
            let complete = parser.sawDeviceAttributes
            parser.finish()
            return Result(capabilities: GraphicsCapabilities(replies: parser.replies), unrelated: parser.unrelated,
                          seconds: Date().timeIntervalSince(started), complete: complete)
        }
    }

    /// Puts `bytes` back into the terminal's input queue (TIOCSTI) for the shell or the next
    /// reader; false when the kernel refuses (Linux 6.2+ with legacy_tiocsti off).
    @discardableResult
    public static func giveBack(_ bytes: [UInt8]) -> Bool {
        guard !bytes.isEmpty else { return true }
        let tty = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard tty >= 0 else { return false }
        defer { close(tty) }
        for var byte in bytes where ioctl(tty, UInt(TIOCSTI), &byte) != 0 { return false }
        return true
    }
}
