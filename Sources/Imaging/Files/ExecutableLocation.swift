import Foundation

/// Where the running dhscope executable is, for the files shipped beside its package
/// (Samples/, Themes/). `CommandLine.arguments[0]` is not enough: started through PATH it is
/// just "dhscope", which would be looked up in the working directory.
public enum ExecutableLocation {
    /// The executable's file, links resolved.
    public static var executable: URL {
        #if os(Linux)
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: target)
        }
        #endif
        if let path = Bundle.main.executablePath {
            return URL(fileURLWithPath: path).resolvingSymlinksInPath()
        }
        return URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
    }

    /// `relative` inside the executable's folder and its first `levels - 1` parents, nearest
    /// first (for `swift run`, the package is three levels above .build/debug/dhscope).
    public static func candidates(_ relative: String, levels: Int = 4) -> [String] {
        var dir = executable.deletingLastPathComponent()
        var out: [String] = []
        for _ in 0..<levels {
            out.append(dir.appendingPathComponent(relative).path)
            dir = dir.deletingLastPathComponent()
        }
        return out
    }

    /// Where a file shipped with dhscope (Samples/..., Themes) may be, in order: the working
    /// directory, then the executable's folder and its parents (where `swift run` and
    /// `.build/release` put the package).
    public static func shippedCandidates(_ relative: String) -> [String] {
        [FileManager.default.currentDirectoryPath + "/" + relative] + candidates(relative)
    }

    /// The first of ``shippedCandidates(_:)`` that exists; nil when none does.
    public static func shippedFile(_ relative: String) -> String? {
        shippedCandidates(relative).first { FileManager.default.fileExists(atPath: $0) }
    }
}
