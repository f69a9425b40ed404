import Foundation
import TestSupport
import Testing

/// A private tmux server (its own socket) with one session, for driving the real binary.
final class TmuxSession {
    let socket = "dhscope-test-\(UUID().uuidString.prefix(8))"
    let name = "main"

    /// The dhscope executable next to the test bundle.
    static var executable: String {
        let bundle = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        var dir = bundle.deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent("dhscope")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate.path }
            dir = dir.deletingLastPathComponent()
        }
        return Bundle.main.bundleURL.appendingPathComponent("dhscope").path
    }

    init(columns: Int = 160, rows: Int = 48, directory: URL) throws {
        try tmux(["-f", "/dev/null", "new-session", "-d", "-s", name, "-x", "\(columns)", "-y", "\(rows)",
                  "-c", directory.path, "env -u NO_COLOR PS1='$ ' DHSCOPE_STORE='\(TestStore.path)' sh"])
        try tmux(["set-option", "-t", name, "status", "off"])
    }

    deinit {
        _ = try? tmux(["kill-server"])
    }

    /// Runs tmux on this server; returns its standard output. Spawned with posix_spawn and
    /// reaped with waitpid (not Foundation's Process), and its output goes to a file: the
    /// server a command starts inherits the client's descriptors and outlives it.
    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("\(socket)-\(UUID().uuidString).out").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        // The server a command starts inherits the client's descriptors: output to a file.
        let pid: pid_t
        switch ChildProcess.spawn(["tmux", "-L", socket] + arguments, output: output) {
        case .success(let started): pid = started
        case .failure(let error): throw TerminalTestError("cannot run tmux (error \(error.rawValue)); install tmux")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        guard status == 0 else {
            throw TerminalTestError("tmux \(arguments.joined(separator: " ")) failed with status \(status)")
        }
        return text
    }

    /// Types a shell command line and Enter.
    func run(_ commandLine: String) throws {
        try tmux(["send-keys", "-t", name, "-l", commandLine])
        try tmux(["send-keys", "-t", name, "Enter"])
    }

    /// Sends tmux key names (e.g. "j", "Tab", "Escape", "?").
    func press(_ keys: String...) throws {
        for key in keys { try tmux(["send-keys", "-t", name, key]) }
    }

    /// The screen as text, or with SGR escapes.
    func capture(escapes: Bool = false) throws -> String {
        try tmux(["capture-pane", "-p", "-t", name] + (escapes ? ["-e"] : []))
    }

    /// Polls the screen until `condition` holds; returns the screen, or records a failure
    /// with the last screen after `timeout` seconds.
    @discardableResult
    func waitFor(_ what: String, timeout: TimeInterval = 60, escapes: Bool = false,
                 sourceLocation: SourceLocation = #_sourceLocation, _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = ""
        while Date() < deadline {
            screen = try capture(escapes: escapes)
            if condition(screen) { return screen }
            usleep(50_000)
        }
        Issue.record("timed out waiting for \(what); the screen was:\n\(screen)", sourceLocation: sourceLocation)
        throw TerminalTestError("timed out waiting for \(what)")
    }

    func resize(columns: Int, rows: Int) throws {
        try tmux(["resize-window", "-t", name, "-x", "\(columns)", "-y", "\(rows)"])
    }
}

struct TerminalTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Shell quoting for paths in command lines.
func shellQuoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
