import Foundation
import Rendering

/// A terminfo entry dhscope compiles for itself: TERM's own entry with the colour
/// capabilities replaced, so that ncurses selects 24-bit (or 256) colours on a terminal that
/// has them when TERM's entry does not say so (`xterm-256color` with COLORTERM=truecolor)
/// and no `-direct` entry is installed (those come with Debian's optional ncurses-term).
///
/// The entry is written as terminfo source (`use=TERM` keeps every other capability) and
/// compiled with `tic`, which every Debian and Ubuntu system has (ncurses-bin is essential),
/// into a cache folder: DHSCOPE_TERMINFO_CACHE, else $XDG_CACHE_HOME/dhscope/terminfo, else
/// ~/.cache/dhscope/terminfo, else a folder in the temporary directory.
public struct PrivateTerminfoEntry: Sendable, Equatable {
    /// The entry's name, for `newterm`.
    public let name: String
    /// The folder holding it; put in TERMINFO before the screen opens.
    public let directory: String

    /// What can go wrong, in words that say what to do.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// The source text of the entry for `base` in `mode` (truecolor, 256 or 16).
    public static func source(name: String, base: String, mode: ColorMode) -> String {
        var lines = ["\(name)|\(base) with \(mode == .truecolor ? "24-bit" : mode.rawValue) colours (written by dhscope),"]
        switch mode {
        case .truecolor:
            // Semicolons, not colons, between the parts: every terminal that has 24-bit
            // colour reads them. Values below 8 select the ANSI colours (ncurses' direct
            // colour convention), as in ncurses' own xterm-direct.
            lines.append("\tRGB, colors#0x1000000, pairs#0x10000, ccc@, initc@, initp@, setf@, setb@,")
            lines.append("\tsetaf=\\E[%?%p1%{8}%<%t3%p1%d%e38;2;%p1%{65536}%/%d;%p1%{256}%/%{255}%&%d;%p1%{255}%&%d%;m,")
            lines.append("\tsetab=\\E[%?%p1%{8}%<%t4%p1%d%e48;2;%p1%{65536}%/%d;%p1%{256}%/%{255}%&%d;%p1%{255}%&%d%;m,")
        default:
            let count = mode == .ansi256 ? "0x100" : "16"
            lines.append("\tcolors#\(count), pairs#0x10000, setf@, setb@,")
            lines.append("\tsetaf=\\E[%?%p1%{8}%<%t3%p1%d%e%p1%{16}%<%t9%p1%{8}%-%d%e38;5;%p1%d%;m,")
            lines.append("\tsetab=\\E[%?%p1%{8}%<%t4%p1%d%e%p1%{16}%<%t10%p1%{8}%-%d%e48;5;%p1%d%;m,")
        }
        lines.append("\tuse=\(base),")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The entry's name for `base` and `mode`: letters, digits and `.-+_` only.
    public static func name(base: String, mode: ColorMode) -> String? {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-+_")
        guard !base.isEmpty, base.allSatisfy(allowed.contains) else { return nil }
        return "dhscope-\(mode == .truecolor ? "direct" : mode.rawValue)-\(base)"
    }

    /// The cache folder (see the type's documentation).
    public static func cacheDirectory(_ environment: TerminalEnvironment) -> String {
        let variables = environment.variables
        if let explicit = variables["DHSCOPE_TERMINFO_CACHE"], !explicit.isEmpty { return explicit }
        if let cache = variables["XDG_CACHE_HOME"], cache.hasPrefix("/") { return cache + "/dhscope/terminfo" }
        if let home = variables["HOME"], home.hasPrefix("/") { return home + "/.cache/dhscope/terminfo" }
        return NSTemporaryDirectory() + "dhscope-terminfo-\(getuid())"
    }

    /// Makes (or finds, when an earlier run made the same) the entry for `base` in `mode`.
    /// Reuses the compiled entry when its source is unchanged. When the cache folder cannot be
    /// written, the temporary directory is tried.
    public static func prepare(base: String, mode: ColorMode, environment: TerminalEnvironment) throws(Failure) -> PrivateTerminfoEntry {
        guard mode != .none, let name = name(base: base, mode: mode) else {
            throw Failure(description: "TERM=\(base) cannot be used as the base of a terminfo entry")
        }
        let preferred = cacheDirectory(environment)
        let fallback = NSTemporaryDirectory() + "dhscope-terminfo-\(getuid())"
        do {
            return try prepare(name: name, base: base, mode: mode, in: preferred)
        } catch where preferred != fallback && environment.variables["DHSCOPE_TERMINFO_CACHE"] == nil {
            return try prepare(name: name, base: base, mode: mode, in: fallback)
        }
    }

    private static func prepare(name: String, base: String, mode: ColorMode, in directory: String) throws(Failure) -> PrivateTerminfoEntry {
        let text = source(name: name, base: base, mode: mode)
        let sourcePath = directory + "/" + name + ".src"
        let entry = PrivateTerminfoEntry(name: name, directory: directory)
        if (try? String(contentsOfFile: sourcePath, encoding: .utf8)) == text, entry.isCompiled { return entry }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: sourcePath), options: .atomic)
        } catch {
            throw Failure(description: "cannot write \(sourcePath): \(error.localizedDescription)")
        }
        try compile(sourcePath, into: directory)
        guard entry.isCompiled else { throw Failure(description: "tic wrote no entry \(name) into \(directory)") }
        return entry
    }

    /// Whether the compiled entry is in `directory` (tic files entries under their first
    /// letter, or its hexadecimal code on case-insensitive file systems).
    var isCompiled: Bool {
        guard let first = name.unicodeScalars.first else { return false }
        let letter = String(first), hex = String(first.value, radix: 16)
        return [letter, hex].contains { FileManager.default.fileExists(atPath: "\(directory)/\($0)/\(name)") }
    }

    /// Runs `tic -x -o DIRECTORY SOURCE`; `-x` keeps RGB, a user-defined capability.
    static func compile(_ sourcePath: String, into directory: String) throws(Failure) {
        guard let tic = executable("tic") else {
            throw Failure(description: "tic (ncurses-bin) is not installed, so no 24-bit colour entry can be made")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tic)
        process.arguments = ["-x", "-o", directory, sourcePath]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw Failure(description: "cannot run \(tic): \(error.localizedDescription)")
        }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let detail = message.split(separator: "\n").first.map(String.init) ?? "exit status \(process.terminationStatus)"
            throw Failure(description: "tic could not compile \(sourcePath): \(detail)")
        }
    }

    /// The first executable named `name` on PATH (or the usual system folders).
    static func executable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let folders = path.split(separator: ":").map(String.init) + ["/usr/bin", "/bin", "/usr/local/bin"]
        return folders.map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
