import ArgumentParser
import Detector
import Foundation
import Store

/// --store and --no-store: where each image's analysis is kept between runs.
struct StoreOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Keep each image's analysis in this folder and reuse it (default: $DHSCOPE_STORE, else $XDG_CACHE_HOME/dhscope/store, else ~/.cache/dhscope/store).", valueName: "dir"))
    var store: String?

    @Flag(help: "Analyse every image again and keep nothing.")
    var noStore = false

    /// The folder used when --store is not given.
    static var defaultPath: String {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["DHSCOPE_STORE"], !path.isEmpty { return path }
        let cache = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".cache")
        return (cache as NSString).appendingPathComponent("dhscope/store")
    }

    /// The store folder, or nil with --no-store.
    var path: String? { noStore ? nil : store ?? Self.defaultPath }

    func validate() throws {
        if noStore && store != nil { throw ValidationError("give --store DIR or --no-store, not both") }
    }

    /// The store, or nil with --no-store; repairs are reported on stderr. A store that cannot
    /// be written (a read-only or full disk) is a warning and the command goes on without it; a
    /// folder that is not a store, or a newer store, is an error.
    func open() throws -> AnalysisStore? {
        guard let path else { return nil }
        do {
            return try AnalysisStore.open(at: path, notice: { warn($0) })
        } catch {
            if case .unwritable = error {
                warn("\(error.description); going on without it")
                return nil
            }
            throw CLIError(error.description)
        }
    }

    /// The store as `detector` sees it with `settings` (default: the model's), or nil with
    /// --no-store.
    func shelf(for detector: DoubleHeadDetector, modelPath: String, settings: PostProcessSettings? = nil) throws -> ModelShelf? {
        guard let store = try open() else { return nil }
        do {
            return try ModelShelf(store: store, modelPath: modelPath, classNames: detector.config.classNames,
                                  settings: settings ?? PostProcessSettings(config: detector.config))
        } catch {
            throw CLIError(error.description)
        }
    }
}

/// --shard i/n, for commands that analyse a folder.
struct ShardOption: ParsableArguments {
    @Option(parsing: .unconditional, help: ArgumentHelp("Analyse only shard i of n (0 <= i < n): the images whose position in path order is i modulo n; the parts of a batch job array, joined by store merge.", valueName: "i/n"))
    var shard: String?

    func validate() throws {
        _ = try parsed()
    }

    /// The shard (the whole dataset without --shard).
    func parsed() throws -> Shard {
        guard let shard else { return .all }
        do {
            return try Shard(parsing: shard)
        } catch {
            throw ValidationError(error.description)
        }
    }
}
