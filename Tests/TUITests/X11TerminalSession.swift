import Foundation
import Imaging
import TestSupport

/// A real terminal on its own Xvfb display, running one shell command: Debian's xterm as a
/// VT340 (sixel with 256 colour registers) or kitty (its graphics protocol, drawn with OpenGL:
/// Mesa's software renderer under Xvfb); screenshots of the display with ImageMagick's `import`.
final class X11TerminalSession {
    /// The terminals the end-to-end tests drive.
    enum Program {
        case xterm
        case kitty
    }

    let display: String
    private var server: pid_t = 0
    private var terminal: pid_t = 0
    private let folder: URL

    struct Failure: Error, CustomStringConvertible { let description: String }

    /// Starts Xvfb (a free display number) and `program` at the top left running `command` in `directory`.
    init(_ program: Program = .xterm, command: String, columns: Int, rows: Int, directory: URL,
         screen: (width: Int, height: Int) = (1024, 768)) throws {
        folder = try temporaryDirectory("dhscope-x11")
        var number = 60 + Int.random(in: 0..<200)
        while FileManager.default.fileExists(atPath: "/tmp/.X\(number)-lock") { number += 1 }
        display = ":\(number)"
        // Found before Xvfb starts, so a missing terminal fails the test with its package name.
        let executable = try Self.find(program == .xterm ? "xterm" : "kitty")
        server = try Self.spawn([try Self.find("Xvfb"), display, "-screen", "0", "\(screen.width)x\(screen.height)x24", "-nolisten", "tcp"])
        let socket = "/tmp/.X11-unix/X\(number)"
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: socket) {
            guard Date() < deadline else { throw Failure(description: "Xvfb did not start on \(display)") }
            usleep(50_000)
        }
        let shell = "cd \(shellQuoted(directory.path)) && env -u NO_COLOR -u TMUX DHSCOPE_STORE=\(shellQuoted(TestStore.path)) \(command); sleep 600"
        switch program {
        case .xterm:
            terminal = try Self.spawn([executable, "-display", display, "-ti", "vt340", "-xrm", "*decTerminalID: vt340",
                                       "-xrm", "*numColorRegisters: 256", "-geometry", "\(columns)x\(rows)+0+0",
                                       "-bg", "black", "-fg", "white", "-e", "sh", "-c", shell])
        case .kitty:
            // No user configuration; the window at the top left with no padding, so its cells
            // start at the screen's corner. Mesa's software OpenGL: Xvfb has no GPU.
            terminal = try Self.spawn(["/usr/bin/env", "DISPLAY=\(display)", "LIBGL_ALWAYS_SOFTWARE=1", "KITTY_CONFIG_DIRECTORY=\(folder.path)",
                                       executable, "--config", "NONE", "-o", "window_padding_width=0",
                                       "-o", "placement_strategy=top-left", "-o", "remember_window_size=no",
                                       "-o", "initial_window_width=\(columns)c", "-o", "initial_window_height=\(rows)c",
                                       "-o", "background=#000000", "-o", "foreground=#ffffff",
                                       "sh", "-c", shell])
        }
    }

    deinit {
        for pid in [terminal, server] where pid > 0 {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        }
        try? FileManager.default.removeItem(at: folder)
    }

    static func find(_ program: String) throws -> String {
        for dir in ["/usr/bin", "/usr/local/bin", "/bin"] where FileManager.default.isExecutableFile(atPath: "\(dir)/\(program)") {
            return "\(dir)/\(program)"
        }
        throw Failure(description: "\(program) is not installed (apt-get install xvfb xterm kitty imagemagick)")
    }

    /// Starts `argv` (an absolute path first) as ``ChildProcess/spawn(_:output:)`` does.
    static func spawn(_ argv: [String]) throws -> pid_t {
        switch ChildProcess.spawn(argv) {
        case .success(let pid): return pid
        case .failure(let error): throw Failure(description: "cannot run \(argv[0]) (error \(error.rawValue))")
        }
    }

    /// A screenshot of the whole display.
    func screenshot() throws -> RGBImage {
        let path = folder.appendingPathComponent("shot-\(UUID().uuidString).png").path
        let pid = try Self.spawn([try Self.find("import"), "-display", display, "-window", "root", path])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try ImageDecoder().decodeRGB(contentsOf: path)
    }

    /// Screenshots until `found` returns a value (or the time runs out).
    func waitFor<T>(_ what: String, timeout: TimeInterval, _ found: (RGBImage) -> T?) throws -> (T, RGBImage) {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let shot = try screenshot()
            if let value = found(shot) { return (value, shot) }
            guard Date() < deadline else { throw Failure(description: "the terminal never showed \(what) within \(Int(timeout)) s") }
            usleep(300_000)
        }
    }

    /// The bounding box of the pixels exactly `color` (nil when none).
    static func boundingBox(of color: RGBColor, in image: RGBImage) -> (x: Int, y: Int, width: Int, height: Int)? {
        boundingBox(in: image) { $0 == color }
    }

    /// The bounding box of the pixels `matches` accepts (nil when none).
    static func boundingBox(in image: RGBImage, where matches: (RGBColor) -> Bool) -> (x: Int, y: Int, width: Int, height: Int)? {
        var minX = Int.max, minY = Int.max, maxX = -1, maxY = -1
        for y in 0..<image.height {
            for x in 0..<image.width where matches(image[x, y]) {
                minX = min(minX, x); maxX = max(maxX, x); minY = min(minY, y); maxY = max(maxY, y)
            }
        }
        return maxX < 0 ? nil : (minX, minY, maxX - minX + 1, maxY - minY + 1)
    }
}
