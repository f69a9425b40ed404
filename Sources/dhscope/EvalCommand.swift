import ArgumentParser
import Detector
import Foundation
import Imaging
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
            Reproduces pycocotools' COCOeval (iouType bbox) exactly, including its quirks (an
            annotation id 0 never counts as a true positive), and runs TIDE's error analysis
            (cls, loc, both, dupe, bkg, miss: count and dAP at IoU 0.5) as tidecv 1.0.1 does.

            With --results, the results must use the ground truth's image and category ids.
            With --images, the detector runs on the folder's images that the ground truth
            lists (matched by file name); its classes are matched to the dataset's by name.
            Ground truth for --images may be COCO JSON, Pascal VOC XML (a file or folder) or a
            folder of YOLO labels with classes.txt. Ctrl-C stops after the current image and
            evaluates the images done so far.

            Examples:
              dhscope eval --gt instances_val2017.json --results detections.json
              dhscope eval --gt annotations.json --results detections.json --json | jq .stats
              dhscope eval --gt Samples/annotations.json --images Samples/images --variants all
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

    @Flag(help: "Print JSON. With --results: {name, stats, stats_list, categories: [{id, name, ap, ap50}], tide_ap50, tide: [{type, count, dAP}], ...}; with --images: {variants: [that, per variant], images, interrupted}.")
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
        let evaluation = COCOEvaluator(groundTruth: dataset).evaluate(detections)
        let evaluated = Date()
        let tide = noTide ? nil : TIDEAnalysis.analyze(groundTruth: dataset, detections: detections)
        let report = EvaluationReport(name: (results as NSString).lastPathComponent, groundTruth: dataset,
                                      evaluation: evaluation, tide: tide)
        print(json ? try JSONOutput.encode(report) : report.text)
        let timing = String(format: "dhscope eval: load %.2f s, COCO eval %.2f s, TIDE %.2f s (%d detections, %d images)\n",
                            loaded.timeIntervalSince(start), evaluated.timeIntervalSince(loaded),
                            Date().timeIntervalSince(evaluated), detections.count, report.imageCount)
        FileHandle.standardError.write(Data(timing.utf8))
    }

    private func evaluateDetector(on folder: String) throws {
        let detector = try modelOptions.load()
        let chosen = try chosenVariants(for: detector.config)
        let files = try ImageArguments.expand([folder])
        // Ground truth now when it can be read without image sizes (COCO, VOC); YOLO after.
        // COCO JSON is evaluated as is (its ids and "area" fields), other formats through
        // GroundTruth.cocoDataset().
        var groundTruth: GroundTruth?
        var original: COCODataset?
        if !GroundTruth.isYOLOFolder(gt) {
            do {
                if gt.lowercased().hasSuffix(".json") {
                    let dataset = try COCODataset.load(contentsOf: gt)
                    original = dataset
                    groundTruth = GroundTruth(coco: dataset)
                } else {
                    groundTruth = try GroundTruth.load(contentsOf: gt)
                }
            } catch {
                throw CLIError(error.description)
            }
        }
        let listed = groundTruth.map { gt in files.filter { gt.image(forFileAt: $0) != nil } } ?? files
        if listed.isEmpty {
            throw CLIError("none of the \(files.count) images in \(folder) is listed in \(gt) (images are matched by file name)")
        }
        let settings = PostProcessSettings(config: detector.config)
        var detectionsByFile: [String: [HeadVariant: [Detection]]] = [:]
        var sizes: [String: (width: Int, height: Int)] = [:]
        var failures: [String] = []
        evalInterrupted.store(false, ordering: .relaxed)
        let previous = signal(SIGINT) { _ in evalInterrupted.store(true, ordering: .relaxed) }
        defer { signal(SIGINT, previous) }
        let progress = ProgressBar(total: listed.count)
        for path in listed {
            if evalInterrupted.load(ordering: .relaxed) { break }
            progress.update(done: detectionsByFile.count + failures.count, current: (path as NSString).lastPathComponent)
            do {
                let image = try ImageDecoder().decodeRGB(contentsOf: path)
                let analysis = try detector.analyze(image, isCancelled: { evalInterrupted.load(ordering: .relaxed) })
                var perVariant: [HeadVariant: [Detection]] = [:]
                for variant in chosen {
                    perVariant[variant] = try PostProcessor.detections(analysis, variant: variant, settings: settings)
                }
                let name = (path as NSString).lastPathComponent
                detectionsByFile[name] = perVariant
                sizes[name] = (image.width, image.height)
            } catch is AnalysisCancelled {
                break
            } catch {
                failures.append("\(path): \(error)")
            }
        }
        let interrupted = evalInterrupted.load(ordering: .relaxed)
        progress.finish(done: detectionsByFile.count + failures.count)
        for failure in failures { FileHandle.standardError.write(Data("dhscope: \(failure)\n".utf8)) }
        if interrupted {
            FileHandle.standardError.write(Data("dhscope: interrupted after \(detectionsByFile.count) of \(listed.count) images; the numbers cover those.\n".utf8))
        }
        if groundTruth == nil {
            do {
                groundTruth = try GroundTruth.load(contentsOf: gt, imageSizes: sizes)
            } catch {
                throw CLIError(error.description)
            }
        }
        guard let groundTruth else { return }
        for warning in groundTruth.warnings { FileHandle.standardError.write(Data("dhscope: \(warning)\n".utf8)) }

        let full = original ?? groundTruth.cocoDataset()
        func fileName(_ image: COCOImage) -> String { (image.fileName as NSString).lastPathComponent }
        let done = Set(full.images.filter { detectionsByFile[fileName($0)] != nil }.map(\.id))
        let dataset = full.restricted(toImages: done)
        let mapping = ClassMapping(datasetNames: dataset.categories.map(\.name), modelNames: detector.config.classNames)
        FileHandle.standardError.write(Data((mapping.report + "\n").utf8))
        let categoryByModelIndex = Dictionary(
            dataset.categories.compactMap { c in mapping.modelIndex(of: c.name).map { ($0, c.id) } },
            uniquingKeysWith: { a, _ in a })

        var reports: [EvaluationReport] = []
        for variant in chosen {
            var detections: [COCODetection] = []
            for image in dataset.images {
                for d in detectionsByFile[fileName(image)]?[variant] ?? [] {
                    guard let category = categoryByModelIndex[d.label] else { continue }
                    detections.append(COCODetection(imageID: image.id, categoryID: category, bbox: COCOBox(d.box),
                                                    score: Double(d.score)))
                }
            }
            if let saveResults { try save(detections, variant: variant, in: saveResults) }
            let evaluation = COCOEvaluator(groundTruth: dataset).evaluate(detections)
            let tide = noTide ? nil : TIDEAnalysis.analyze(groundTruth: dataset, detections: detections)
            reports.append(EvaluationReport(name: variant.rawValue, groundTruth: dataset, evaluation: evaluation, tide: tide))
        }
        if json {
            print(try JSONOutput.encode(DetectorEvaluation(variants: reports, images: done.count, interrupted: interrupted)))
        } else {
            print("\(done.count) images, model \(try modelOptions.resolvedPath())")
            print(EvaluationComparison.text(reports))
        }
        if interrupted { throw ExitCode(130) }
        if !failures.isEmpty { throw ExitCode(1) }
    }

    private func save(_ detections: [COCODetection], variant: HeadVariant, in directory: String) throws {
        let path = (directory as NSString).appendingPathComponent("\(variant.rawValue).json")
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try JSONEncoder().encode(detections).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CLIError("\(path): cannot write the results (\(error.localizedDescription))")
        }
    }

    private func chosenVariants(for config: ModelConfig) throws -> [HeadVariant] {
        let available = HeadVariant.available(for: config)
        guard let variants else { return [available.contains(.dhExt) ? .dhExt : .dh] }
        if variants == "all" { return available }
        var chosen: [HeadVariant] = []
        for name in variants.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard let variant = HeadVariant(rawValue: name) else {
                throw CLIError("unknown variant \"\(name)\"; variants are \(HeadVariant.allCases.map(\.rawValue).joined(separator: ", ")) or all")
            }
            guard available.contains(variant) else {
                throw CLIError("variant \(name) is not available for this model; it offers \(available.map(\.rawValue).joined(separator: ", "))")
            }
            chosen.append(variant)
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

/// A one-line progress bar on stderr, redrawn in place.
private final class ProgressBar {
    let total: Int
    let start = Date()
    let enabled = isatty(STDERR_FILENO) != 0

    init(total: Int) {
        self.total = total
    }

    func update(done: Int, current: String) {
        guard enabled else { return }
        let width = 30
        let filled = total == 0 ? width : done * width / total
        let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled)
        let elapsed = Date().timeIntervalSince(start)
        let line = "\r[\(bar)] \(done)/\(total)  \(String(format: "%.1f", elapsed)) s  \(current.prefix(30))"
        FileHandle.standardError.write(Data((line + "\u{1B}[K").utf8))
    }

    func finish(done: Int) {
        guard enabled else { return }
        update(done: done, current: "")
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
