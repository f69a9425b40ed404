import Foundation
import Imaging
import TestSupport
import Testing

/// The browser inside tmux inside a real kitty (Debian's 0.26.5 and tmux 3.3a, under Xvfb):
/// `--pixels auto` asks kitty through tmux's passthrough for a placeholder image (`U=1`).
/// kitty 0.26.5 has no Unicode placeholders (they came in 0.28) and rejects the key, so the
/// browser must show blocks and say so; before, it took tmux's own device attributes for
/// the end of the answers, chose blocks, and kitty's late answer reached it as keys and quit it.
/// With `allow-passthrough off` tmux drops the query: blocks too. kitty and tmux must be
/// installed (CI installs them); without them the test fails and says so.
@Suite(.serialized)
struct KittyTmuxTests {
    static let columns = 160, rows = 40

    @Test(arguments: [true, false])
    func autoInsideTmuxInKitty0265ShowsBlocksAndSaysSo(passthrough: Bool) throws {
        let version = try Self.kittyVersion()
        // Placeholders (kitty 0.28+) need the picture compared instead; this kitty has none.
        try #require(version.lexicographicallyPrecedes([0, 28]),
                     "kitty \(version) has Unicode placeholders: expect kitty (placeholders) here and compare the picture")
        let folder = try temporaryDirectory("dhscope-kitty-tmux")
        defer { try? FileManager.default.removeItem(at: folder) }
        let socket = "dhscope-kitty-\(UUID().uuidString.prefix(8))"
        let config = folder.appendingPathComponent("tmux.conf")
        try "set -g allow-passthrough \(passthrough ? "on" : "off")\nset -g status off\n"
            .write(to: config, atomically: true, encoding: .utf8)
        let images = RepositoryFiles.path("Samples/images/coffee.png")
        let browse = "\(shellQuoted(TmuxSession.executable)) browse \(shellQuoted(images)) --pixels auto"
        let command = "tmux -L \(socket) -f \(shellQuoted(config.path)) new-session \(shellQuoted("\(browse); sleep 600"))"
        defer { _ = try? Self.tmux(socket, ["kill-server"]) }
        let kitty = try X11TerminalSession(.kitty, command: command, columns: Self.columns, rows: Self.rows,
                                           directory: folder, screen: (1600, 1000))
        // The browser's status bar is the last line of the pane (tmux's own is off).
        let deadline = Date().addingTimeInterval(90)
        var screen = ""
        while !(screen.contains("coffee.png") && screen.contains("detections")) {
            guard Date() < deadline else { Issue.record("the browser never drew within 90 s:\n\(screen)"); return }
            usleep(300_000)
            screen = (try? Self.tmux(socket, ["capture-pane", "-p"])) ?? ""
        }
        let status = screen.split(separator: "\n").last.map(String.init) ?? ""
        #expect(status.contains("colour · blocks"), "status bar: \(status)")
        #expect(!screen.unicodeScalars.contains { $0.value == 0x10EEEE }, "placeholder cells on the screen")
        // The block picture is on kitty's screen, and stays after tmux redraws everything.
        let first = try Self.settled(kitty)
        let pane = Self.coloured(first, width: 400, height: 200)
        #expect(pane > 400 * 200 / 2, "\(pane) coloured pixels of 80000 in the image pane")
        _ = try Self.tmux(socket, ["refresh-client"])
        let second = try Self.settled(kitty)
        #expect(second.pixels == first.pixels, "the screen changed after tmux redrew it")
    }

    /// `kitty --version`'s numbers, e.g. [0, 26, 5].
    static func kittyVersion() throws -> [Int] {
        let text = try Self.run([try X11TerminalSession.find("kitty"), "--version"])
        // "kitty 0.26.5 created by Kovid Goyal"
        let words = text.split(separator: " ")
        guard words.count > 1 else { throw X11TerminalSession.Failure(description: "kitty --version said \(text)") }
        return words[1].split(separator: ".").compactMap { Int($0) }
    }

    /// Screenshots until two in a row are the same.
    static func settled(_ kitty: X11TerminalSession) throws -> RGBImage {
        var previous = try kitty.screenshot()
        for _ in 0..<40 {
            usleep(300_000)
            let shot = try kitty.screenshot()
            if shot.pixels == previous.pixels { return shot }
            previous = shot
        }
        throw X11TerminalSession.Failure(description: "the screen never settled")
    }

    /// The pixels of the top-left `width` x `height` below the first text row that are not black.
    static func coloured(_ shot: RGBImage, width: Int, height: Int) -> Int {
        var n = 0
        for y in 40..<(40 + height) {
            for x in 0..<width where shot[x, y] != RGBColor(0, 0, 0) { n += 1 }
        }
        return n
    }

    static func tmux(_ socket: String, _ arguments: [String]) throws -> String {
        try run(["tmux", "-L", socket] + arguments)
    }

    /// Runs `argv` to its end with output to a file (a tmux server started by it inherits the
    /// descriptors), returning the output; throws on a non-zero status.
    static func run(_ argv: [String]) throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("run-\(UUID().uuidString).out").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let pid: pid_t
        switch ChildProcess.spawn(argv, output: output) {
        case .success(let started): pid = started
        case .failure(let error): throw X11TerminalSession.Failure(description: "cannot run \(argv[0]) (error \(error.rawValue))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        guard status == 0 else { throw X11TerminalSession.Failure(description: "\(argv.joined(separator: " ")) failed (\(status))") }
        return (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    }
}
