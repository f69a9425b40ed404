import ArgumentParser
import Foundation
import Store

/// `dhscope store info`: what a store holds.
struct StoreInfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "List the models a store holds analyses for, with their image counts and sizes.")

    @Option(help: ArgumentHelp("The store folder (default: $DHSCOPE_STORE, else $XDG_CACHE_HOME/dhscope/store, else ~/.cache/dhscope/store).", valueName: "dir"))
    var store: String?

    func run() throws {
        let path = store ?? StoreOptions.defaultPath
        guard FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent("store.json")) else {
            throw CLIError("\(path): not an analysis store (no store.json)")
        }
        let opened: AnalysisStore
        do { opened = try AnalysisStore.open(at: path, notice: { warn($0) }) } catch { throw CLIError(error.description) }
        print("store \(opened.root)")
        let models = opened.models()
        if models.isEmpty { print("  no analyses yet") }
        for model in models {
            let images = opened.images(model: model)
            let bytes = images.reduce(0) { total, image in
                let attributes = try? FileManager.default.attributesOfItem(atPath: opened.entryPath(model: model, image: image))
                return total + ((attributes?[.size] as? NSNumber)?.intValue ?? 0)
            }
            let description = opened.modelDescription(model)
            let perImage = images.isEmpty ? 0 : bytes / images.count
            print("  \(description?.file ?? "unknown model") (sha256 \(model.prefix(12))): \(images.count) images, "
                  + "\(bytes / 1024) KB (\(perImage / 1024) KB per image)")
        }
    }
}
