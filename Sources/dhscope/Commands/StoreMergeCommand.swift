import ArgumentParser
import Foundation
import Store

/// `dhscope store merge`: joins the stores of shards into one.
struct StoreMergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Copy the entries of stores into another (the shards of a job array into one).",
        discussion: """
            Every source entry is checked (CRC-32, a full decode) before it is copied; damaged \
            ones are named and skipped (exit status 1). Entries the destination already has are \
            kept. The sources are only read, and the destination may not be one of them.
            """)

    @Argument(help: ArgumentHelp("Stores to read.", valueName: "store"))
    var sources: [String]

    @Option(help: ArgumentHelp("The store to write (created when missing).", valueName: "dir"))
    var into: String

    func validate() throws {
        guard !sources.isEmpty else { throw ValidationError("name at least one store to merge") }
        let target = URL(fileURLWithPath: into).standardizedFileURL.path
        if sources.contains(where: { URL(fileURLWithPath: $0).standardizedFileURL.path == target }) {
            throw ValidationError("--into \(into) is also a source; merge into another folder")
        }
    }

    func run() throws {
        var opened: [AnalysisStore] = []
        for source in sources {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: (source as NSString).appendingPathComponent("store.json"), isDirectory: &isDirectory),
                  !isDirectory.boolValue else {
                throw CLIError("\(source): not an analysis store (no store.json)")
            }
            do { opened.append(try AnalysisStore.open(at: source, notice: { warn($0) })) } catch { throw CLIError(error.description) }
        }
        var report = StoreMerge.Report()
        do {
            let destination = try AnalysisStore.open(at: into, notice: { warn($0) })
            for store in opened { try StoreMerge(into: destination).merge(store, report: &report) }
        } catch {
            throw CLIError(error.description)
        }
        for line in report.damaged { warn(line) }
        print("\(into): \(report.text)")
        if !report.damaged.isEmpty { throw ExitCode(1) }
    }
}
