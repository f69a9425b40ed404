import ArgumentParser
import Detector
import Foundation
import Imaging
import Evaluation
import Inspection
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Set by Ctrl-C during `dhscope eval --images`; the run stops after the current image.
private let evalInterrupted = Atomic<Bool>(false)

/// `dhscope eval`: pycocotools' COCO box AP (exactly), per-category AP and TIDE's error
/// breakdown, for a COCO results file or for the detector's head variants on a folder of images.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "COCO AP as pycocotools computes it, per-category AP and TIDE errors, for results or head variants.",
        discussion: """
            Reproduces pycocotools' COCOeval (iouType bbox) exactly, including its quirks (an \
            annotation id 0 never counts as a true positive), and runs TIDE's error analysis \
            (cls, loc, both, dupe, bkg, miss: count and dAP at IoU 0.5) as tidecv 1.0.1 does.

            With --results, the results must use the ground truth's image and category ids. \
            With --images, the detector runs on the folder's images that the ground truth \
            lists (matched by file name); its classes are matched to the dataset's by name \
            (ignoring case, spaces, _ and -), exactly as detect --coco matches them. \
            Ground truth for --images may be COCO JSON, Pascal VOC XML (a file or folder) or a \
            folder of YOLO labels with classes.txt. Ctrl-C stops after the current image and \
            evaluates the images done so far. Images in the folder that the ground truth does \
            not list are skipped with a warning each.

            Results of a category the ground truth does not list are skipped by both \
            COCOeval and TIDE, as pycocotools skips them, and counted in skipped_detections.

            Examples:
              dhscope eval --gt Samples/annotations/shapes-val.json \\
                  --images Samples/images --variants all
              dhscope eval --gt Samples/annotations/shapes-val.json \\
                  --images Samples/images --save-results results
              dhscope eval --gt Samples/annotations/shapes-val.json \\
                  --results results/dh-ext.json --json
            """)

    @Option(help: ArgumentHelp("Ground truth: COCO JSON (or, with --images, VOC XML or YOLO labels).", valueName: "path"))
    var gt: String

    @Option(help: ArgumentHelp("COCO results JSON: [{image_id, category_id, bbox [x, y, w, h], score}].", valueName: "path"))
    var results: String?

    @Option(help: ArgumentHelp("Run the detector on the images of this folder instead of reading --results.", valueName: "dir"))
    var images: String?

    @OptionGroup var modelOptions: ModelOptions

    @Option(help: ArgumentHelp("With --images: head variants, comma-separated, or \"all\" (default: dh-ext when available, else dh).", valueName: "list"))
    var variants: String?

    @Option(help: ArgumentHelp("With --images: also write each variant's COCO results to DIR/<variant>.json.", valueName: "dir"))
    var saveResults: String?

    @Flag(help: "Skip the TIDE error breakdown.")
    var noTide = false

    @Flag(help: "Print JSON. With --results: {name, stats, stats_list, categories: [{id, name, ap, ap50}], tide_ap50, tide: [{type, count, delta_ap}] or null, evaluated_detections, skipped_detections, images}; with --images: {variants: [that, per variant], images, interrupted}.")
    var json = false

    func validate() throws {
        if (results == nil) == (images == nil) {
            throw ValidationError("give exactly one of --results RES.json or --images DIR")
        }
        if (variants != nil || saveResults != nil) && images == nil {
            throw ValidationError("--variants and --save-results apply to --images only")
        }
    }

    func run() throws {
        if let results {
            try evaluateResults(results)
        } else if let images {
            try evaluateDetector(on: images)
        }
    }

    private func evaluateResults(_ results: String) throws {
        var isDirectory: ObjCBool = false
        if gt.lowercased().hasSuffix(".xml")
            || (FileManager.default.fileExists(atPath: gt, isDirectory: &isDirectory) && isDirectory.boolValue) {
            throw CLIError("--results needs COCO JSON ground truth, as results use its image and category ids; VOC and YOLO ground truth work with --images")
        }
        let start = Date()
        let dataset: COCODataset
        let detections: [COCODetection]
        do {
            dataset = try COCODataset.load(contentsOf: gt)
            detections = try COCOResults.load(contentsOf: results, groundTruth: dataset)
        } catch {
            throw CLIError(error.description)
        }
        let loaded = Date()
        let report = EvaluationReport.evaluate(detections, against: dataset, name: (results as NSString).lastPathComponent,
                                               tide: !noTide)
        print(json ? try JSONOutput.encode(report) : report.text)
        let timing = String(format: "dhscope eval: load %.2f s, evaluation %.2f s (%d detections, %d images)\n",
                            loaded.timeIntervalSince(start), Date().timeIntervalSince(loaded), detections.count,
                            report.imageCount)
        FileHandle.standardError.write(Data(timing.utf8))
    }

    private func evaluateDetector(on folder: String) throws {
        let detector = try modelOptions.load()
        let chosen = try chosenVariants(for: detector.config)
        let files = try ImageArguments.expand([folder])
        if let saveResults {
            let inputs = [gt] + OutputPath.files(in: gt) + [modelOptions.inputPath].compactMap { $0 } + files
            for variant in chosen {
                try OutputPath.check(Self.resultsPath(variant, in: saveResults), option: "--save-results", inputs: inputs)
            }
        }
        evalInterrupted.store(false, ordering: .relaxed)
        let previous = signal(SIGINT) { _ in evalInterrupted.store(true, ordering: .relaxed) }
        defer { signal(SIGINT, previous) }
        let start = Date()
        var progress: ProgressLine?
        let outcome = try DetectorEvaluationRun(groundTruthPath: gt, variants: chosen, tide: !noTide).run(
            detector: detector, imageFiles: files, isCancelled: { evalInterrupted.load(ordering: .relaxed) },
            progress: { done, total, file in
                let line = progress ?? ProgressLine(label: "eval", total: total)
                progress = line
                line.update(done: done, detail: String(format: "images  %.1f s  %@", Date().timeIntervalSince(start),
                                                       String((file as NSString).lastPathComponent.prefix(30))))
            },
            warn: { progress?.finish(); warn($0) })
        progress?.finish()
        for failure in outcome.failures { warn(failure) }
        if outcome.interrupted {
            warn("interrupted after \(outcome.imagesEvaluated) of \(outcome.imagesListed) images; the numbers cover those.")
        }
        FileHandle.standardError.write(Data((outcome.classes.report + "\n").utf8))
        if let saveResults {
            for (variant, detections) in outcome.results { try save(detections, to: Self.resultsPath(variant, in: saveResults)) }
        }
        if json {
            print(try JSONOutput.encode(DetectorEvaluation(variants: outcome.reports, images: outcome.imagesEvaluated,
                                                           interrupted: outcome.interrupted)))
        } else {
            print("\(outcome.imagesEvaluated) images, model \(try modelOptions.resolvedPath())")
            print(EvaluationComparison.text(outcome.reports))
        }
        if outcome.interrupted { throw ExitCode(130) }
        if !outcome.failures.isEmpty { throw ExitCode(1) }
    }

    /// Where --save-results writes a variant's results.
    static func resultsPath(_ variant: HeadVariant, in directory: String) -> String {
        (directory as NSString).appendingPathComponent("\(variant.rawValue).json")
    }

    private func save(_ detections: [COCODetection], to path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try COCOResults.encode(detections).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CLIError("\(path): cannot write the results (\(error.localizedDescription))")
        }
    }

    private func chosenVariants(for config: ModelConfig) throws -> [HeadVariant] {
        let available = HeadVariant.available(for: config)
        guard let variants else { return [HeadVariant.preferred(among: available)] }
        if variants == "all" { return available }
        var chosen: [HeadVariant] = []
        for name in variants.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard let variant = HeadVariant(rawValue: name) else {
                throw CLIError("unknown variant \"\(name)\"; variants are \(HeadVariant.allCases.map(\.rawValue).joined(separator: ", ")) or all")
            }
            do { chosen.append(try HeadVariant.resolve(variant, for: config)) } catch { throw CLIError(error.description) }
        }
        return chosen
    }
}

/// `eval --images --json` output.
private struct DetectorEvaluation: Encodable {
    var variants: [EvaluationReport]
    var images: Int
    var interrupted: Bool
}
