import ArgumentParser
import Foundation
import Store

/// `dhscope store analyze`: analyses a folder (or a shard of it) into the store.
struct StoreAnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Analyse images into the store (what a batch job array runs, one shard each).",
        discussion: """
            Images the store already holds for the model are skipped. Ctrl-C stops after the \
            current image; what is done stays in the store and the next run resumes.
            """)

    @Argument(help: ArgumentHelp("Image files or folders (JPEG, PNG).", valueName: "path"))
    var paths: [String]

    @OptionGroup var modelOptions: ModelOptions

    @Option(help: ArgumentHelp("The store folder (default: $DHSCOPE_STORE, else $XDG_CACHE_HOME/dhscope/store, else ~/.cache/dhscope/store).", valueName: "dir"))
    var store: String?

    @OptionGroup var shardOption: ShardOption

    func run() throws {
        let detector = try modelOptions.load()
        let files = try shardOption.parsed().select(try ImageArguments.expand(paths))
        let options = try StoreOptions.parse(store.map { ["--store", $0] } ?? [])
        guard let shelf = try options.shelf(for: detector, modelPath: try modelOptions.resolvedPath()) else { return }
        var progress: ProgressLine?
        let outcome = Interruption.catching { isCancelled in DatasetAnalysis(detector: detector, shelf: shelf, settings: shelf.settings).run(
            files: files, isCancelled: isCancelled,
            progress: { state, file in
                let line = progress ?? ProgressLine(label: "analyze", total: state.total)
                progress = line
                line.update(state, file: file)
            }) }
        progress?.finish()
        for failure in outcome.failures { warn(failure) }
        if let problem = outcome.storeProblem {
            warn("\(problem.description); the images after it were not kept")
            throw ExitCode(1)
        }
        let p = outcome.progress
        print("\(p.done - p.failed) of \(files.count) images in \(shelf.store.root) (\(p.fromStore) were there, "
              + "\(p.done - p.fromStore - p.failed) analysed\(p.imagesPerSecond.map { String(format: " at %.1f images/s", $0) } ?? ""))")
        if outcome.interrupted {
            warn("interrupted: \(files.count - p.done) images left; run the same command again to resume")
            throw ExitCode(130)
        }
        if !outcome.failures.isEmpty { throw ExitCode(1) }
    }
}
