import ArgumentParser
import Detector
import Foundation
import Imaging
import Evaluation
import Inspection
import Rendering
import TUI
import Terminal

/// `dhscope browse` (and `dhscope` alone): the interactive terminal browser.
struct BrowseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "browse",
        abstract: "Browse images, detections and RoIs interactively (the default command).",
        discussion: """
            With no paths, opens Samples/images with the demo model and its ground truth \
            (Samples/annotations/shapes-val.json): the annotated scenes first, the photos (out of the \
            model's domain) last. Press ? inside for every key.

            With --model given twice or more, m switches the model the image, list and \
            inspector show, on the same image and view; each model has its own variant (--variant \
            applies to each), analysis and store shelf, and the dataset pane shows the model shown. \
            M splits the image pane: two models side by side on the same image, their detections \
            matched (same class name, IoU >= 0.5) and the differences marked, the selection linked, \
            and the inspector showing the selected proposal through both models' heads.

            Examples:
              dhscope
              dhscope browse Samples/images --variant dh
              dhscope browse Samples/images --gt Samples/annotations/shapes-val.json
              dhscope browse --errors
              dhscope browse Samples/images/coffee.png --theme light
            """)

    @Argument(help: "Images or folders of images (default: Samples/images).")
    var paths: [String] = []

    @OptionGroup var modelListOptions: ModelListOptions

    @Option(help: "The head variant shown first: fc, conv, dh, dh-reverse or dh-ext for a Double-Head model, fc2 for a Faster R-CNN baseline (default: dh-ext when the model has it, else dh, else fc2).")
    var variant: HeadVariant?

    @Option(help: ArgumentHelp("COCO JSON ground truth, matched to images by file name (t shows it).", valueName: "file"))
    var gt: String?

    @Option(help: ArgumentHelp("A theme name (dark, light, high-contrast) or a .toml path.", valueName: "name|path"))
    var theme = "dark"

    @Option(help: ArgumentHelp(
        "Detections scoring below this are not drawn or listed (0 to 1, default 0.3 as mmdetection's show_score_thr; + and - change it). Post-processing and evaluation keep the model's own threshold (0.05).",
        valueName: "score"))
    var displayThreshold: Float = AppState.defaultDisplayThreshold

    @Flag(help: "Start in error mode (x toggles it): boxes coloured by their TIDE label against the ground truth (tp, cls, loc, both, dupe, bkg), missed objects drawn, the errors listed. Needs ground truth (--gt, or the demo's).")
    var errors = false

    @OptionGroup var terminal: TerminalOptions

    @OptionGroup var pixelOptions: PixelOptions

    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        guard displayThreshold.isFinite, (0...1).contains(displayThreshold) else {
            throw ValidationError("--display-threshold must be a score from 0 to 1, not \(displayThreshold)")
        }
    }

    func run() throws {
        // Everything that can fail is checked before the screen opens.
        var images = try ImageArguments.expand(paths.isEmpty ? [Self.defaultImages()] : paths)
        guard !images.isEmpty else { throw CLIError("no JPEG or PNG images in \(paths.joined(separator: ", "))") }
        let each = modelListOptions.each
        let modelPaths = try each.map { try $0.resolvedPath() }
        let names = ModelListOptions.names(modelPaths)
        let detectors = try each.map { try $0.load() }
        for (detector, path) in zip(detectors, modelPaths) {
            do { _ = try HeadVariant.resolve(variant, for: detector.config) } catch {
                throw CLIError("--\(error.description)" + (modelPaths.count > 1 ? " (model \(path))" : ""))
            }
        }
        let loadedTheme = try ThemeLoader.load(theme)
        // The demo opens with its ground truth, the annotated scenes first.
        let truthPath = gt ?? (paths.isEmpty ? ExecutableLocation.shippedFile(Self.demoAnnotations) : nil)
        let truth = try truthPath.map { try BrowseCommand.loadGroundTruth($0, images: images) }
        if errors && truth == nil {
            throw CLIError("--errors needs ground truth: give --gt with COCO JSON, VOC XML or a folder of YOLO labels")
        }
        if paths.isEmpty, let truth {
            let annotated = images.filter { truth.image(forFileAt: $0) != nil }
            images = annotated + images.filter { truth.image(forFileAt: $0) == nil }
        }
        let shelves = try zip(detectors, modelPaths).map { try storeOptions.shelf(for: $0, modelPath: $1) }
        var states = zip(detectors, names).map { detector, name in
            AppState(imagePaths: images, modelName: name, config: detector.config, variant: variant,
                     groundTruth: truth, displayThreshold: displayThreshold, errorMode: errors)
        }
        let profile = TerminalProfile.forScreen(requestedColors: terminal.colors, requestedSymbols: terminal.symbols)
        // Asked before the screen opens; keys typed meanwhile are read first by the browser.
        let (graphics, typed) = pixelOptions.choiceKeepingInput()
        let painter = graphics.pixels.flatMap { pixels in graphics.cell.map { _ in PixelPainter(pixels: pixels, placeholders: graphics.placeholders) } }
        let backend: CursesBackend
        do {
            backend = try CursesBackend(profile: profile, pixelPainter: painter, pendingInput: typed)
        } catch {
            throw CLIError("\(error)")
        }
        for i in states.indices {
            // Which pictures: said when real pixels are used, and inside tmux (where they may not be).
            let inTmux = ProcessInfo.processInfo.environment["TMUX"] != nil
            states[i].terminalNote = profile.statusNote + (painter != nil ? " · pixels: \(graphics.summary)" : inTmux ? " · blocks" : "")
            states[i].pixelCell = painter == nil ? nil : graphics.cell
        }
        let services = zip(detectors, shelves).map { DetectorService(detector: $0, archive: $1) }
        // The dataset views read each image's detections from the store's entries when it
        // holds them (the front of the file); the detector service keeps what it analyses.
        let known = shelves.map { shelf -> @Sendable (Int) -> DatasetAnalysisLoop.Detections? in
            guard let shelf else { return { _ in nil } }
            let files = images
            return { index in files.indices.contains(index) ? shelf.detections(forImageAt: files[index]) : nil }
        }
        let browser = Browser(state: states[0], backend: backend, service: services[0],
                              appearance: Browser.Appearance(theme: loadedTheme, symbols: profile.symbols.symbols,
                                                             repertoire: profile.repertoire))
        browser.knownDetections = known[0]
        for i in states.indices.dropFirst() {
            browser.addModel(state: states[i], service: services[i], knownDetections: known[i])
        }
        browser.run()
    }

    static let demoImages = "Samples/images"
    static let demoAnnotations = "Samples/annotations/shapes-val.json"

    /// Samples/images from the working directory, or beside the executable's package.
    static func defaultImages() throws -> String {
        guard let found = ExecutableLocation.shippedFile(demoImages) else {
            throw CLIError("no paths given and \(demoImages) was not found; run from the dhscope folder or name images: dhscope browse PATH...")
        }
        return found
    }

}

extension BrowseCommand {
    /// Ground truth for the browser: COCO JSON, VOC XML (a file or folder) or a folder of YOLO
    /// labels, whose normalised boxes are scaled by the sizes of the browsed images.
    static func loadGroundTruth(_ path: String, images: [String]) throws -> GroundTruth {
        do {
            let truth = try GroundTruth.load(contentsOf: path, forImages: images) { image in
                (try? ImageDecoder().decode(contentsOf: image)).map { ($0.width, $0.height) }
            }
            for warning in truth.warnings { warn(warning) }
            return truth
        } catch {
            throw CLIError(error.description)
        }
    }
}
