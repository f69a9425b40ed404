import Foundation
import TestSupport

/// The dhscope binary the tmux tests drive, run as a plain command in the repository (for the
/// truth a browser screen is compared with: eval, detect).
enum CLIProcess {
    /// Runs `dhscope arguments` with stdout to `output` (discarded when nil); returns its status.
    static func run(_ arguments: [String], output: String? = nil) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TmuxSession.executable)
        process.arguments = arguments
        process.currentDirectoryURL = RepositoryFiles.root
        if let output {
            _ = FileManager.default.createFile(atPath: output, contents: nil)
            process.standardOutput = FileHandle(forWritingAtPath: output)
        } else {
            process.standardOutput = FileHandle.nullDevice
        }
        process.standardError = FileHandle.nullDevice
        var environment = ProcessInfo.processInfo.environment
        environment["DHSCOPE_STORE"] = TestStore.path
        process.environment = environment
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
