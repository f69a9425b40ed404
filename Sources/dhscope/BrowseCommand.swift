import ArgumentParser
import Detector
import Foundation
import Imaging
import Inspection
import Rendering
import TUI

/// `dhscope browse` (and `dhscope` alone): the interactive terminal browser.
struct BrowseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "browse",
        abstract: "Browse images, detections and RoIs interactively (the default command).",
        discussion: """
            With no paths, opens Samples/images with the demo model. Press ? inside for every key.
            Examples:
              dhscope
              dhscope browse Samples/images --variant dh
              dhscope browse photo.jpg --model model.safetensors --theme light
            """)

    @Argument(help: "Images or folders of images (default: Samples/images).")
    var paths: [String] = []

    @OptionGroup var modelOptions: ModelOptions

    @Option(help: "The head variant shown first: fc, conv, dh, dh-reverse or dh-ext (default: dh-ext when the model has it).")
    var variant: HeadVariant?

    @Option(help: ArgumentHelp("COCO JSON ground truth, matched to images by file name (t shows it).", valueName: "file"))
    var gt: String?

    @Option(help: ArgumentHelp("A theme name (dark, light, high-contrast) or a .toml path.", valueName: "name|path"))
    var theme = "dark"

    @Option(help: ArgumentHelp("Colours: truecolor, 256, 16 or none (default: from COLORTERM/TERM; none when NO_COLOR is set).", valueName: "mode"))
    var colors: ColorMode?

    @Option(help: "Glyphs for the image: half, quad, sextant, braille, blocks or ascii (printable ASCII only, for terminals without UTF-8).")
    var symbols: SymbolSet = .sextant

    func run() throws {
        // Everything that can fail is checked before the screen opens.
        let images = try ImageArguments.expand(paths.isEmpty ? [Self.defaultImages()] : paths)
        guard !images.isEmpty else { throw CLIError("no JPEG or PNG images in \(paths.joined(separator: ", "))") }
        let detector = try modelOptions.load()
        if let variant, !HeadVariant.available(for: detector.config).contains(variant) {
            let offered = HeadVariant.available(for: detector.config).map(\.rawValue).joined(separator: ", ")
            throw CLIError("--variant \(variant.rawValue) needs outputs this model does not have; it offers \(offered)")
        }
        let loadedTheme = try ThemeLoader.load(theme)
        let truth = try gt.map { try BrowseCommand.loadGroundTruth($0, images: images) }
        let modelName = ((detector.source as NSString).lastPathComponent as NSString).deletingPathExtension
        let state = AppState(imagePaths: images, modelName: modelName, config: detector.config, variant: variant,
                             groundTruth: truth)
        let environment = ProcessInfo.processInfo.environment
        let requested = AnsiWriter.effectiveMode(requested: colors, environment: environment)
        let backend: CursesBackend
        do {
            backend = try CursesBackend(requested: requested, environment: environment)
        } catch {
            throw CLIError("\(error)")
        }
        let browser = Browser(state: state, backend: backend, service: DetectorService(detector: detector),
                              appearance: Browser.Appearance(theme: loadedTheme, symbols: symbols))
        browser.run()
    }

    /// Samples/images from the working directory, or beside the executable's package.
    static func defaultImages() throws -> String {
        let relative = "Samples/images"
        var candidates = [FileManager.default.currentDirectoryPath + "/" + relative]
        var dir = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(dir.appendingPathComponent(relative).path)
            dir = dir.deletingLastPathComponent()
        }
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw CLIError("no paths given and \(relative) was not found; run from the dhscope folder or name images: dhscope browse PATH...")
        }
        return found
    }
}

extension BrowseCommand {
    /// Ground truth for the browser: COCO JSON, VOC XML (a file or folder) or a folder of YOLO
    /// labels, whose normalised boxes are scaled by the sizes of the browsed images.
    static func loadGroundTruth(_ path: String, images: [String]) throws -> GroundTruth {
        var sizes: [String: (width: Int, height: Int)]?
        if GroundTruth.isYOLOFolder(path) {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            let labelled = Set(names.filter { $0.lowercased().hasSuffix(".txt") }.map { ($0 as NSString).deletingPathExtension })
            var found: [String: (width: Int, height: Int)] = [:]
            for image in images {
                let name = (image as NSString).lastPathComponent
                guard labelled.contains((name as NSString).deletingPathExtension),
                      let decoded = try? ImageDecoder().decode(contentsOf: image) else { continue }
                found[name] = (decoded.width, decoded.height)
            }
            sizes = found
        }
        do {
            let truth = try GroundTruth.load(contentsOf: path, imageSizes: sizes)
            for warning in truth.warnings { FileHandle.standardError.write(Data("dhscope: \(warning)\n".utf8)) }
            return truth
        } catch {
            throw CLIError(error.description)
        }
    }
}
