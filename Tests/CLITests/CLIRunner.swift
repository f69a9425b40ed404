import Foundation
import TestSupport

/// Runs the built dhscope binary, as a user would.
enum CLIRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The dhscope executable next to the test bundle.
    static var executable: URL {
        let bundle = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        var dir = bundle.deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent("dhscope")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return Bundle.main.bundleURL.appendingPathComponent("dhscope")
    }

    /// Runs dhscope under a file-size limit of `blocks` 1024-byte blocks (ulimit -f) with
    /// SIGXFSZ ignored, so a write past it fails with EFBIG as on a full disk.
    static func run(_ arguments: [String], fileSizeLimitBlocks blocks: Int, in directory: URL? = nil) throws -> Result {
        try run(["-c", "trap '' XFSZ; ulimit -f \(blocks); exec \"$0\" \"$@\"", executable.path] + arguments,
                in: directory, program: URL(fileURLWithPath: "/bin/sh"))
    }

    static func run(_ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil,
                    program: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = program ?? executable
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? RepositoryFiles.root
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = nil
        env["DHSCOPE_STORE"] = TestStore.path
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes before waiting so a full pipe cannot block the child.
        nonisolated(unsafe) var errData = Data()
        let reader = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !reader.isFinished { usleep(1000) }
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}
