import ArgumentParser
import Foundation
import TestSupport
import Testing
@testable import dhscope

/// Every example in every subcommand's --help and in README.md's code blocks runs as
/// written against the shipped samples.
///
/// Help examples must be runnable as printed (Samples/ paths, no placeholders). README
/// examples may use the placeholder names listed in `placeholders`, each replaced by a real
/// file; any other file name that does not exist makes its example fail, so a new
/// placeholder fails this test until it is listed here. Browse (interactive) examples run
/// in a pseudo-terminal from script(1) until a typed q quits them. Examples in
/// `slowExamples` (minutes in a debug build) are parsed and validated, not run, unless
/// DHSCOPE_SLOW_EXAMPLES=1.
struct ExamplesTests {
    /// README placeholder names and the real files that stand in for them.
    static let placeholders: [String: String] = [
        "photo.jpg": RepositoryFiles.path("Samples/images/astronaut.png"),
        "scene.png": RepositoryFiles.path("Samples/images/shapes_s3_00000.png"),
        "boxes.json": RepositoryFiles.path("docs/example-boxes.json"),
        "dh_faster_rcnn_r50_fpn_1x_coco.pth": RepositoryFiles.path(SharedFixtures.tinyLegacyModel),
        "dh_faster_rcnn_r50_fpn_1x_coco_20200130-586b67df.pth": RepositoryFiles.path(SharedFixtures.tinyLegacyModel),
        "instances_val2017.json": RepositoryFiles.path("Samples/annotations/shapes-val.json"),
        // README's notation for an optional flag.
        "[--json]": "--json",
    ]

    /// Examples that take minutes in a debug build: the full-size R50-FPN on a COCO-sized image.
    static let slowExamples: Set<String> = [
        "dhscope bench --arch r50-fpn --size 1216x800 --proposals 1000 --json",
        "dhscope bench --arch r50-fpn --size 1216x800 --proposals 1000",
        // 16 images seven times over.
        "dhscope bench dataset Samples/images",
    ]

    struct Example: Hashable {
        var line: String
        var source: String
    }

    /// `dhscope <words> --help` at 80 columns.
    static func help(_ words: [String]) throws -> String {
        let r = try CLIRunner.run(words + ["--help"], environment: ["COLUMNS": "80"])
        return r.stdout
    }

    /// Every command path: [], [browse], ..., [bench, detect], ...
    static func commandPaths(_ words: [String] = []) throws -> [[String]] {
        let text = try help(words)
        var paths = [words]
        guard let section = text.range(of: "SUBCOMMANDS:\n") else { return paths }
        for line in text[section.upperBound...].split(separator: "\n") {
            guard line.hasPrefix("  "), !line.hasPrefix("   "), let name = line.split(separator: " ").first,
                  !line.contains("See 'dhscope help") else { continue }
            paths += try commandPaths(words + [String(name)])
        }
        return paths
    }

    /// The "Examples:" block of a help text, and any malformed (wrapped) line in it.
    static func examples(inHelp text: String) -> (examples: [String], problems: [String]) {
        let lines = text.components(separatedBy: "\n")
        guard let start = lines.firstIndex(where: { $0 == "Examples:" }) else {
            return ([], lines.contains { $0.hasPrefix("Example") } ? ["an example outside an \"Examples:\" block"] : [])
        }
        var found: [String] = [], problems: [String] = []
        var continues = false
        for line in lines[(start + 1)...] {
            if line.isEmpty || line.hasPrefix("USAGE:") { break }
            if continues, line.hasPrefix("      "), let last = found.popLast() {
                // A shell continuation: the previous line ended in a backslash.
                found.append(String(last.dropLast()) + line.trimmingCharacters(in: .whitespaces))
            } else if line.hasPrefix("  dhscope") {
                found.append(String(line.dropFirst(2)))
            } else {
                problems.append("not an example line (wrapped at 80 columns?): \"\(line)\"")
            }
            continues = line.hasSuffix(" \\")
        }
        return (found, problems)
    }

    /// Lines of README.md code blocks that run dhscope (`swift run ... dhscope` becomes `dhscope`).
    static func readmeExamples() throws -> [String] {
        let text = try String(contentsOfFile: RepositoryFiles.path("README.md"), encoding: .utf8)
        var inBlock = false
        var found: [String] = []
        for raw in text.components(separatedBy: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("```") {
                inBlock.toggle()
                continue
            }
            guard inBlock else { continue }
            if line == "dhscope" || line.hasPrefix("dhscope ") {
                found.append(line)
            } else if line.hasPrefix("swift run"), let range = line.range(of: "dhscope") {
                found.append(String(line[range.lowerBound...]))
            }
        }
        return found
    }

    /// The example with placeholders replaced, word by word.
    static func substituted(_ line: String) -> String {
        line.split(separator: " ", omittingEmptySubsequences: false)
            .map { placeholders[String($0)] ?? String($0) }
            .joined(separator: " ")
    }

    /// The dhscope arguments of an example: the words before any shell operator or comment.
    static func arguments(_ line: String) -> [String] {
        var words: [String] = []
        for word in line.split(separator: " ").dropFirst() {
            if ["|", ">", "#", "&&", ";", "\\"].contains(word) { break }
            words.append(String(word).trimmingCharacters(in: CharacterSet(charactersIn: "'")))
        }
        return words
    }

    /// Whether the example opens the browser: `dhscope`, `dhscope browse ...`, or paths
    /// without a subcommand (browse is the default).
    static func isInteractive(_ line: String, subcommands: Set<String>) -> Bool {
        guard let first = arguments(line).first else { return true }
        return first == "browse" || !subcommands.contains(first)
    }

    @Test func helpExamplesAreWellFormedAndProseIsNotBrokenMidSentence() throws {
        var problems: [String] = []
        var count = 0
        for path in try Self.commandPaths() {
            let text = try Self.help(path)
            let (found, malformed) = Self.examples(inHelp: text)
            count += found.count
            problems += malformed.map { "dhscope \(path.joined(separator: " ")) --help: \($0)" }
            // At a width nothing wraps at, a prose line ending without punctuation was cut by a hard line break.
            let wide = try CLIRunner.run(path + ["--help"], environment: ["COLUMNS": "1000"]).stdout
            let lines = wide.components(separatedBy: "\n")
            let end = lines.firstIndex { $0.hasPrefix("Examples:") || $0.hasPrefix("USAGE:") } ?? lines.count
            for line in lines[..<end] where !line.isEmpty && !line.hasPrefix("OVERVIEW:") {
                if let last = line.last, !".:)!?".contains(last) {
                    problems.append("dhscope \(path.joined(separator: " ")) --help: a sentence is broken after \"\(line.suffix(30))\"")
                }
            }
        }
        #expect(count >= 20, "examples found: \(count)")
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test func helpExamplesNeedNoPlaceholders() throws {
        for path in try Self.commandPaths() {
            for example in Self.examples(inHelp: try Self.help(path)).examples {
                let words = Set(example.split(separator: " ").map(String.init))
                #expect(words.isDisjoint(with: Self.placeholders.keys), "dhscope \(path.joined(separator: " ")) --help: \(example)")
            }
        }
    }

    @Test func slowExamplesAreStillExamples() throws {
        var all = Set(try Self.readmeExamples().map(Self.substituted))
        for path in try Self.commandPaths() { all.formUnion(Self.examples(inHelp: try Self.help(path)).examples) }
        let plain = Set(all.map { $0.components(separatedBy: "#")[0].trimmingCharacters(in: .whitespaces) })
        for slow in Self.slowExamples { #expect(plain.contains(slow), "\(slow) is no longer an example; remove it from slowExamples") }
    }

    @Test func everyExampleRuns() throws {
        var examples: [Example] = []
        let paths = try Self.commandPaths()
        let subcommands = Set(paths.compactMap(\.first)).union(["help"])
        for path in paths {
            let source = "dhscope \(path.joined(separator: " ")) --help"
            examples += Self.examples(inHelp: try Self.help(path)).examples.map { Example(line: $0, source: source) }
        }
        examples += try Self.readmeExamples().map { Example(line: Self.substituted($0), source: "README.md") }
        #expect(examples.count >= 40, "examples found: \(examples.count)")
        // Outputs land in a scratch folder that sees the samples at Samples/.
        let folder = try TemporaryFolder("dhscope-examples")
        try FileManager.default.createSymbolicLink(atPath: folder.file("Samples"), withDestinationPath: RepositoryFiles.path("Samples"))
        var seen = Set<String>()
        // In order: an example may read what an earlier one wrote (eval --results reads the
        // results that detect --coco or eval --save-results wrote).
        for example in examples where seen.insert(example.line).inserted {
            let plain = example.line.components(separatedBy: "#")[0].trimmingCharacters(in: .whitespaces)
            if Self.slowExamples.contains(plain) && ProcessInfo.processInfo.environment["DHSCOPE_SLOW_EXAMPLES"] != "1" {
                #expect(throws: Never.self, "\(example.source): \(example.line)") {
                    _ = try DHScope.parseAsRoot(Self.arguments(example.line))
                }
                continue
            }
            let started = Date()
            let r = Self.isInteractive(example.line, subcommands: subcommands)
                ? try Self.runInteractively(example.line, in: folder.url)
                : try Self.runInShell(example.line, in: folder.url)
            let seconds = String(format: "%.1f s", Date().timeIntervalSince(started))
            #expect(r.status == 0, "\(example.source): `\(example.line)` exited \(r.status) (\(seconds)):\n\(r.stderr.suffix(600))")
        }
    }

    /// The line run by bash with pipefail, dhscope first on PATH.
    static func runInShell(_ line: String, in directory: URL) throws -> CLIRunner.Result {
        let bin = CLIRunner.executable.deletingLastPathComponent().path
        return try CLIRunner.run(["-o", "pipefail", "-c", line],
                                 environment: ["PATH": bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")],
                                 in: directory, program: URL(fileURLWithPath: "/bin/bash"))
    }

    /// The line in a pseudo-terminal (script(1)), typing q until it quits (at most 120 s).
    static func runInteractively(_ line: String, in directory: URL) throws -> CLIRunner.Result {
        let bin = CLIRunner.executable.deletingLastPathComponent().path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", line, "/dev/null"]
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env["PATH"] = bin + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        env["TERM"] = "xterm-256color"
        env["NO_COLOR"] = nil
        env["SHELL"] = "/bin/bash"
        env["DHSCOPE_STORE"] = TestStore.path
        process.environment = env
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        nonisolated(unsafe) var outData = Data()
        let reader = Thread { outData = output.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning && Date() < deadline {
            try? input.fileHandleForWriting.write(contentsOf: Data("q".utf8))
            usleep(300_000)
        }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        try? input.fileHandleForWriting.close()
        while !reader.isFinished { usleep(1000) }
        return CLIRunner.Result(status: process.terminationStatus, stdout: "", stderr: String(decoding: outData.suffix(2000), as: UTF8.self))
    }
}
