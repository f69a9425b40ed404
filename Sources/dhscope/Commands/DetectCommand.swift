import ArgumentParser
import Detector
import Dispatch
import Foundation
import Evaluation
import Inspection

/// `dhscope detect`: detections of one head variant for images, as text or JSON.
struct DetectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Detect objects in images with one head variant.",
        discussion: """
            --json writes {images: [{file, width, height, detections: [{label, category_id, \
            score, box, roi}]}]}: detections in descending score order (detection N of the \
            image is the N-th, counting from 1, as inspect's "kept as detection N"), box as \
            [x1, y1, x2, y2] in image pixels, roi the index of the proposal it came from.

            --coco --gt ANN writes a COCO results file with the ground truth's image and \
            category ids (classes matched by name, ignoring case, spaces, _ and -), the same \
            results eval --images --save-results writes; images the ground truth does not \
            list are skipped with a warning each.

            Images the analysis store holds (see store --help) are read from it and the others \
            kept, as browse and eval --images do, so the three report the same numbers. The \
            next image is read and decoded while the network runs on the current one; with \
            more than one image, a last line on stderr gives the images per second.

            Examples:
              dhscope detect Samples/images/shapes_s3_00000.png
              dhscope detect Samples/images --variant dh --json > detections.json
              dhscope detect Samples/images --coco \\
                  --gt Samples/annotations/shapes-val.json > results.json
            """)

    @Argument(help: "Images or folders of images.")
    var images: [String]

    @OptionGroup var modelOptions: ModelOptions

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: "Head variant: fc, conv, dh, dh-reverse or dh-ext for a Double-Head model, fc2 for a Faster R-CNN baseline (default: dh-ext when the model has it, else dh, else fc2).")
    var variant: HeadVariant?

    @Option(parsing: .unconditional, help: "Keep detections scoring above this, 0 to 1 (default: the model's, 0.05).")
    var scoreThreshold: Float?

    @Flag(help: "Print JSON.")
    var json = false

    @Flag(help: "Print a COCO results file ([{image_id, category_id, bbox [x, y, w, h], score}]) for --gt's images and categories.")
    var coco = false

    @Option(help: ArgumentHelp("COCO ground truth whose image ids and category ids --coco uses (matched by file name and class name).", valueName: "ann.json"))
    var gt: String?

    func validate() throws {
        if let scoreThreshold {
            guard scoreThreshold.isFinite, (0...1).contains(scoreThreshold) else {
                throw ValidationError("--score-threshold \(scoreThreshold) is out of range: give a number from 0 to 1")
            }
        }
        if coco && gt == nil { throw ValidationError("--coco needs --gt ANN.json for the dataset's image and category ids") }
        if gt != nil && !coco { throw ValidationError("--gt applies to --coco only") }
    }

    func run() throws {
        var files = try ImageArguments.expand(images)
        var mapping: COCOResultMapping?
        let detector = try modelOptions.load()
        if coco, let gt {
            let dataset: COCODataset
            do {
                dataset = try COCODataset.load(contentsOf: gt)
            } catch {
                throw CLIError(error.description)
            }
            let selection = GroundTruth(coco: dataset).select(files)
            for warning in selection.warnings(source: gt) { warn(warning) }
            files = selection.listed
            let m = COCOResultMapping(dataset: dataset, modelClassNames: detector.config.classNames)
            FileHandle.standardError.write(Data((m.classes.report + "\n").utf8))
            mapping = m
        }
        let chosen: HeadVariant
        do { chosen = try HeadVariant.resolve(variant, for: detector.config) } catch { throw CLIError(error.description) }
        var settings = PostProcessSettings(config: detector.config)
        if let scoreThreshold { settings.scoreThreshold = scoreThreshold }
        var entries: [ImageDetections] = []
        var results: [COCODetection] = []
        let shelf = try storeOptions.shelf(for: detector, modelPath: try modelOptions.resolvedPath(), settings: settings)
        let start = DispatchTime.now().uptimeNanoseconds
        let failures = DetectionRun(detector: detector, variant: chosen, settings: settings, shelf: shelf).run(files: files, found: { entry in
            if let mapping {
                if let id = mapping.imageID(forFileAt: entry.file) { results += mapping.results(entry.detections, imageID: id) }
            } else if json {
                entries.append(entry)
            } else {
                print(entry.text)
            }
        }, failed: warn)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        if files.count > 1 {
            // The folder's rate, decoding and the store included; on stderr, beside the warnings.
            let done = files.count - failures
            FileHandle.standardError.write(Data(String(format: "detect: %d images in %.2f s, %.1f images/s\n",
                                                       done, seconds, Double(done) / max(seconds, 1e-9)).utf8))
        }
        if mapping != nil {
            print(String(decoding: try COCOResults.encode(results), as: UTF8.self))
        } else if json {
            print(try JSONOutput.encode(DetectReport(model: try modelOptions.resolvedPath(), images: entries)))
        }
        if failures > 0 { throw ExitCode(1) }
    }
}

/// `detect --json` output.
struct DetectReport: Encodable {
    /// The checkpoint that detected.
    var model: String
    var images: [ImageDetections]
}
