import ArgumentParser
import Detector
import Foundation
import Imaging
import Evaluation
import Inspection
import Store
#if canImport(Glibc)
import Glibc
#endif

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
            not list are skipped with a warning each. Each image's analysis is kept in the \
            store (--store) and read from it on the next run, so a run Ctrl-C stopped resumes \
            where it stopped; a changed image or model is analysed again. --shard i/n analyses \
            and evaluates one part of the folder (see store merge).

            Results of a category the ground truth does not list are skipped by both \
            COCOeval and TIDE, as pycocotools skips them, and counted in skipped_detections.

            --errors labels every detection TIDE looks at (the best 100 of each image) as tp \
            or its TIDE error type, with the ground-truth box it refers to (the one matched, \
            claimed, repeated or overlapped most; none for bkg) and their IoU, and lists \
            every missed box. --confusion counts as mmdetection's confusion_matrix.py does: \
            a detection scoring at least --confusion-score-thr adds one to (box class, its \
            class) for every non-crowd box it overlaps with IoU >= --confusion-iou-thr, or to \
            (background, its class) when it overlaps none; a box no detection of its class \
            overlapped adds one to (its class, background).

            Examples:
              dhscope eval --gt Samples/annotations/shapes-val.json \\
                  --images Samples/images --variants all
              dhscope eval --gt Samples/annotations/shapes-val.json \\
                  --images Samples/images --save-results results
              dhscope eval --gt Samples/annotations/shapes-val.json \\
                  --results results/dh-ext.json --json
              dhscope eval --gt Samples/annotations/shapes-val.json \\
                  --results results/dh-ext.json --errors errors.jsonl \\
                  --confusion confusion.json --pr-curves pr.json --png eval.png
            """)

    @Option(help: ArgumentHelp("Ground truth: COCO JSON (or, with --images, VOC XML or YOLO labels).", valueName: "path"))
    var gt: String

    @Option(help: ArgumentHelp("COCO results JSON: [{image_id, category_id, bbox [x, y, w, h], score}].", valueName: "path"))
    var results: String?

    @Option(help: ArgumentHelp("Run the detector on the images of this folder instead of reading --results.", valueName: "dir"))
    var images: String?

    @OptionGroup var modelListOptions: ModelListOptions

    @OptionGroup var storeOptions: StoreOptions

    @OptionGroup var shardOption: ShardOption

    @Option(help: ArgumentHelp("With --images: head variants, comma-separated, or \"all\" (default: dh-ext when available, else dh, else fc2 for a baseline).", valueName: "list"))
    var variants: String?

    @Option(help: ArgumentHelp("With --images: also write each variant's COCO results to DIR/<variant>.json.", valueName: "dir"))
    var saveResults: String?

    @Flag(help: "Skip the TIDE error breakdown.")
    var noTide = false

    @Option(help: ArgumentHelp("Write every detection's TIDE label and every missed box, one JSON object a line: {variant, image_id, file, type (tp cls loc both dupe bkg miss), category_id, score, box, gt_id, gt_category_id, gt_box, iou}; boxes [x, y, w, h].", valueName: "file.jsonl"))
    var errors: String?

    @Option(help: ArgumentHelp("Write mmdetection's confusion matrix: {variant, categories: [names..., background], matrix} (rows ground truth, columns predicted); a list of those with several variants.", valueName: "file.json"))
    var confusion: String?

    @Option(help: ArgumentHelp("Write per-class precision-recall curves (pycocotools' precision, area all, 100 detections): {variant, recall: [101], classes: [{id, name, ap, ap50, precision, precision50}]}; precision is averaged over IoU 0.50:0.95 (its mean is the class's AP), precision50 is at IoU 0.50; a list with several variants.", valueName: "file.json"))
    var prCurves: String?

    @Option(help: ArgumentHelp("Draw one PNG: per variant, the per-class precision-recall curves, the confusion matrix and TIDE's dAP per error type.", valueName: "file.png"))
    var png: String?

    @Option(parsing: .unconditional, help: "With --confusion: the score a detection needs to count, 0 to 1.")
    var confusionScoreThr = 0.3

    @Option(parsing: .unconditional, help: "With --confusion: the IoU that makes a detection overlap a box, 0 to 1.")
    var confusionIouThr = 0.5

    @Flag(help: "Print JSON. With --results: {name, stats, stats_list, categories: [{id, name, ap, ap50}], tide_ap50, tide: [{type, count, delta_ap}] or null, evaluated_detections, skipped_detections, images}; with --images: {variants: [that, per variant], images, interrupted}.")
    var json = false

    func validate() throws {
        if (results == nil) == (images == nil) {
            throw ValidationError("give exactly one of --results RES.json or --images DIR")
        }
        if (variants != nil || saveResults != nil || shardOption.shard != nil || storeOptions.store != nil || storeOptions.noStore)
            && images == nil {
            throw ValidationError("--variants, --save-results, --shard, --store and --no-store apply to --images only")
        }
        for (value, name) in [(confusionScoreThr, "--confusion-score-thr"), (confusionIouThr, "--confusion-iou-thr")] {
            guard value.isFinite, (0...1).contains(value) else {
                throw ValidationError("\(name) \(value) is out of range: give a number from 0 to 1")
            }
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
        try checkExportPaths(inputs: [gt, results])
        // COCOeval once, for the report and the PR curves.
        let evaluation = COCOEvaluator(groundTruth: dataset).evaluate(detections)
        let report = EvaluationReport.evaluate(detections, against: dataset, name: (results as NSString).lastPathComponent,
                                               tide: !noTide, evaluation: evaluation)
        try writeExports([(name: "results", detections: detections, report: report, evaluation: evaluation)],
                         groundTruth: dataset)
        print(json ? try JSONOutput.encode(report) : report.text)
        let timing = String(format: "dhscope eval: load %.2f s, evaluation %.2f s (%d detections, %d images)\n",
                            loaded.timeIntervalSince(start), Date().timeIntervalSince(loaded), detections.count,
                            report.imageCount)
        FileHandle.standardError.write(Data(timing.utf8))
    }

    /// One model's run of `eval --images`.
    private struct ModelRun {
        var path: String
        var name: String
        var outcome: DetectorEvaluationRun.Outcome
    }

    private func evaluateDetector(on folder: String) throws {
        let files = try ImageArguments.expand([folder])
        let each = modelListOptions.each
        let paths = try each.map { try $0.resolvedPath() }
        let names = ModelListOptions.names(paths)
        let several = paths.count > 1
        let inputs = [gt] + OutputPath.files(in: gt) + modelListOptions.inputPaths + files
        try checkExportPaths(inputs: inputs)
        var runs: [ModelRun] = []
        let shard = try shardOption.parsed()
        try Interruption.catching { isCancelled in
            for (options, (path, name)) in zip(each, zip(paths, names)) {
                if isCancelled() { break }
                let detector = try options.load()
                let chosen = try chosenVariants(for: detector.config)
                if let saveResults {
                    for variant in chosen {
                        try OutputPath.check(resultsPath(variant, in: saveResults, model: several ? name : nil),
                                             option: "--save-results", inputs: inputs)
                    }
                }
                let shelf = try storeOptions.shelf(for: detector, modelPath: path)
                var progress: ProgressLine?
                var outcome = try DetectorEvaluationRun(groundTruthPath: gt, variants: chosen, tide: !noTide).run(
                    detector: detector, imageFiles: files, shelf: shelf, shard: shard, isCancelled: isCancelled,
                    progress: { state, file in
                        let line = progress ?? ProgressLine(label: several ? "eval \(name)" : "eval", total: state.total)
                        progress = line
                        line.update(state, file: file)
                    },
                    warn: { progress?.finish(); warn($0) })
                progress?.finish()
                let rate = outcome.progress.imagesPerSecond.map { String(format: ", the others analysed at %.1f images/s", $0) } ?? ""
                if let shelf {
                    warn("store \(shelf.store.root): \(outcome.progress.fromStore) of \(outcome.progress.done) images\(several ? " of \(name)" : "") read from it\(rate)")
                } else if let perSecond = outcome.progress.imagesPerSecond {
                    let analysed = outcome.progress.done - outcome.progress.failed
                    FileHandle.standardError.write(Data(("eval\(several ? " \(name)" : ""): \(analysed) images analysed at "
                                                         + String(format: "%.1f images/s\n", perSecond)).utf8))
                }
                for failure in outcome.failures { warn(failure) }
                if let problem = outcome.storeProblem { warn("\(problem.description); the rest was analysed without keeping it") }
                if outcome.interrupted {
                    warn("interrupted after \(outcome.imagesEvaluated) of \(outcome.imagesListed) images\(several ? " of \(name)" : ""); the numbers cover those.")
                }
                FileHandle.standardError.write(Data(((several ? "\(name): " : "") + outcome.classes.report + "\n").utf8))
                for k in outcome.reports.indices {
                    outcome.reports[k].model = path
                    if several { outcome.reports[k].name = "\(name):\(outcome.reports[k].name)" }
                }
                if let saveResults {
                    for (variant, detections) in outcome.results {
                        try save(detections, to: resultsPath(variant, in: saveResults, model: several ? name : nil))
                    }
                }
                runs.append(ModelRun(path: path, name: name, outcome: outcome))
                if outcome.interrupted { break }
            }
        }
        guard let first = runs.first else { throw ExitCode(130) }
        let interrupted = runs.count < paths.count || runs.contains { $0.outcome.interrupted }
        let reports = runs.flatMap(\.outcome.reports)
        let results = runs.flatMap { run in zip(run.outcome.results, run.outcome.reports).map { ($0.detections, $1) } }
        try writeExports(results.map { (name: $1.name, detections: $0, report: $1, evaluation: nil) },
                         groundTruth: first.outcome.dataset)
        let comparisons = several ? imageComparisons(runs) : []
        if json {
            if several {
                print(try JSONOutput.encode(ModelsEvaluation(
                    models: runs.map { ModelsEvaluation.Model(model: $0.path, name: $0.name, variants: $0.outcome.reports,
                                                               images: $0.outcome.imagesEvaluated, interrupted: $0.outcome.interrupted) },
                    images: comparisons.first.map { _ in commonImages(runs).count } ?? first.outcome.imagesEvaluated,
                    interrupted: interrupted, imageAP: comparisons)))
            } else {
                print(try JSONOutput.encode(DetectorEvaluation(variants: first.outcome.reports, images: first.outcome.imagesEvaluated,
                                                               interrupted: first.outcome.interrupted)))
            }
        } else if several {
            for run in runs { print("\(run.name): \(run.outcome.imagesEvaluated) images, model \(run.path)") }
            print(EvaluationComparison.text(reports))
            for comparison in comparisons { print("\n" + comparison.text) }
        } else {
            print("\(first.outcome.imagesEvaluated) images, model \(first.path)")
            print(EvaluationComparison.text(reports))
        }
        if interrupted { throw ExitCode(130) }
        if runs.contains(where: { !$0.outcome.failures.isEmpty }) { throw ExitCode(1) }
    }

    /// The ids of the images every run evaluated.
    private func commonImages(_ runs: [ModelRun]) -> Set<Int> {
        runs.dropFirst().reduce(Set(runs.first?.outcome.dataset.images.map(\.id) ?? [])) {
            $0.intersection($1.outcome.dataset.images.map(\.id))
        }
    }

    /// Each model after the first against the first, per image, on the images all evaluated;
    /// each with its first variant.
    private func imageComparisons(_ runs: [ModelRun]) -> [ImageAPComparison] {
        guard let first = runs.first, let a = first.outcome.results.first, let aName = first.outcome.reports.first?.name else {
            return []
        }
        let common = commonImages(runs)
        let dataset = first.outcome.dataset.restricted(toImages: common)
        func kept(_ detections: [COCODetection]) -> [COCODetection] { detections.filter { common.contains($0.imageID) } }
        return runs.dropFirst().compactMap { run in
            guard let b = run.outcome.results.first, let bName = run.outcome.reports.first?.name else { return nil }
            return ImageAPComparison(a: (aName, kept(a.detections)), b: (bName, kept(b.detections)), against: dataset)
        }
    }

    /// Refuses --errors or --confusion paths that would write over an input.
    private func checkExportPaths(inputs: [String]) throws {
        if let errors { try OutputPath.check(errors, option: "--errors", inputs: inputs) }
        if let confusion { try OutputPath.check(confusion, option: "--confusion", inputs: inputs) }
        if let prCurves { try OutputPath.check(prCurves, option: "--pr-curves", inputs: inputs) }
        if let png { try OutputPath.check(png, option: "--png", inputs: inputs) }
    }

    /// Writes --errors and --confusion for each named set of detections.
    /// `evaluation`, when a set has it, is COCOeval's result on its detections (not run again).
    private func writeExports(_ sets: [(name: String, detections: [COCODetection], report: EvaluationReport, evaluation: COCOEvaluation?)],
                              groundTruth: COCODataset) throws {
        if let errors {
            var lines: [UInt8] = []
            for set in sets {
                let labels = TIDEAnalysis.labels(groundTruth: groundTruth, detections: set.detections)
                lines.reserveCapacity(lines.count + labels.count * 240)
                for record in DetectionErrorRecord.records(variant: set.name, groundTruth: groundTruth,
                                                           detections: set.detections, labels: labels) {
                    record.appendJSONLine(to: &lines)
                    lines.append(UInt8(ascii: "\n"))
                }
            }
            try write(Data(lines), to: errors, what: "the error labels")
        }
        let matrices = confusion == nil && png == nil ? [] : sets.map {
            ConfusionMatrix(variant: $0.name, groundTruth: groundTruth, detections: $0.detections,
                            scoreThreshold: confusionScoreThr, iouThreshold: confusionIouThr)
        }
        if let confusion {
            let text = matrices.count == 1 ? try JSONOutput.encode(matrices[0]) : try JSONOutput.encode(matrices)
            try write(Data((text + "\n").utf8), to: confusion, what: "the confusion matrix")
        }
        let evaluator = COCOEvaluator(groundTruth: groundTruth)
        let curves = prCurves == nil && png == nil ? [] : sets.map {
            PrecisionRecallCurves(variant: $0.name, evaluation: $0.evaluation ?? evaluator.evaluate($0.detections),
                                  groundTruth: groundTruth)
        }
        if let prCurves {
            let text = curves.count == 1 ? try JSONOutput.encode(curves[0]) : try JSONOutput.encode(curves)
            try write(Data((text + "\n").utf8), to: prCurves, what: "the precision-recall curves")
        }
        if let png {
            let rows = zip(sets, zip(curves, matrices)).map { EvaluationChart.Row(report: $0.report, curves: $1.0, confusion: $1.1) }
            let chart = EvaluationChart.draw(rows, title: "\((gt as NSString).lastPathComponent): \(rows.count == 1 ? rows[0].curves.variant : "\(rows.count) variants")")
            do {
                try PNGEncoder.write(chart, to: png)
            } catch {
                throw CLIError("\(png): cannot write the chart (\(error))")
            }
        }
    }

    /// Where --save-results writes a variant's results: DIR/<variant>.json, or
    /// DIR/<model>/<variant>.json when several models are compared.
    private func resultsPath(_ variant: HeadVariant, in directory: String, model: String?) -> String {
        let folder = model.map { (directory as NSString).appendingPathComponent(($0 as NSString).lastPathComponent) } ?? directory
        return (folder as NSString).appendingPathComponent("\(variant.rawValue).json")
    }

    private func save(_ detections: [COCODetection], to path: String) throws {
        try write(try COCOResults.encode(detections), to: path, what: "the results")
    }

    /// Writes `data` to `path` whole (atomically), creating its folder.
    private func write(_ data: Data, to path: String, what: String) throws {
        do {
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CLIError("\(path): cannot write \(what) (\(error.localizedDescription))")
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

/// `eval --images --json` output with several --model.
private struct ModelsEvaluation: Encodable {
    struct Model: Encodable {
        var model: String
        var name: String
        var variants: [EvaluationReport]
        var images: Int
        var interrupted: Bool
    }

    var models: [Model]
    /// The images every model evaluated (those the per-image comparisons cover).
    var images: Int
    var interrupted: Bool
    var imageAP: [ImageAPComparison]

    enum CodingKeys: String, CodingKey {
        case models, images, interrupted, imageAP = "image_ap"
    }
}
