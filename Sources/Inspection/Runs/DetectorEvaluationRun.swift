import Evaluation
import Detector
import Foundation
import Imaging
import Store

/// The detector's head variants on a folder of images, evaluated against ground truth
/// (`dhscope eval --images`): the images the ground truth lists (by file name) are detected
/// once, every variant post-processed, exported through ``COCOResultMapping`` and evaluated
/// by ``EvaluationReport/evaluate(_:against:name:tide:)``.
///
/// COCO JSON ground truth is evaluated as is (its ids and "area" fields); VOC and YOLO
/// through ``GroundTruth/cocoDataset()``. YOLO labels need the image sizes, so they are read
/// after the images.
public struct DetectorEvaluationRun: Sendable {
    /// What the run found.
    public struct Outcome: Sendable {
        /// One report per variant, in the order asked for.
        public var reports: [EvaluationReport]
        /// Each variant's COCO results, in the order asked for.
        public var results: [(variant: HeadVariant, detections: [COCODetection])]
        /// How the dataset's classes matched the model's.
        public var classes: ClassMapping
        /// The ground truth of the images evaluated, as COCO (what `results` refer to).
        public var dataset: COCODataset
        /// Images detected and evaluated.
        public var imagesEvaluated: Int
        /// Images listed by the ground truth and given.
        public var imagesListed: Int
        /// One line per image that could not be detected ("path: reason").
        public var failures: [String]
        /// Whether `isCancelled` stopped the run; the numbers cover the images done.
        public var interrupted: Bool
        /// How many images came from the store, how fast the others were analysed.
        public var progress: DatasetProgress
        /// Why analyses could not be kept in the store (the run went on without).
        public var storeProblem: StoreError?
    }

    public let groundTruthPath: String
    public let variants: [HeadVariant]
    public let tide: Bool

    public init(groundTruthPath: String, variants: [HeadVariant], tide: Bool) {
        self.groundTruthPath = groundTruthPath
        self.variants = variants
        self.tide = tide
    }

    /// Runs `detector` on the listed files of `imageFiles` (those of `shard`) and evaluates
    /// every variant; images `shelf` holds are read from it, the others analysed and kept.
    ///
    /// - Parameters:
    ///   - isCancelled: polled between images and during detection (Ctrl-C).
    ///   - progress: called after each image with the progress and the file.
    ///   - warn: called with one line per image the ground truth does not list (skipped) and
    ///     per loader warning.
    /// - Throws: ``DetectorEvaluationError``: the ground truth cannot be read, or lists none
    ///   of the images.
    public func run(detector: DoubleHeadDetector, imageFiles: [String], shelf: ModelShelf? = nil, shard: Shard = .all,
                    isCancelled: @escaping @Sendable () -> Bool = { false },
                    progress: (DatasetProgress, _ file: String) -> Void = { _, _ in },
                    warn: (String) -> Void = { _ in }) throws(DetectorEvaluationError) -> Outcome {
        var (groundTruth, original) = try loadWithoutImageSizes()
        var files = imageFiles
        if let groundTruth {
            let selection = groundTruth.select(files)
            guard !selection.listed.isEmpty else {
                throw .noListedImages(groundTruth: groundTruthPath, imageCount: files.count)
            }
            for warning in selection.warnings(source: groundTruthPath) { warn(warning) }
            files = selection.listed
        }
        files = shard.select(files)
        let settings = PostProcessSettings(config: detector.config)
        let analysis = DatasetAnalysis(detector: detector, shelf: shelf, settings: settings)
            .run(files: files, isCancelled: isCancelled, progress: progress)
        var detectionsByFile: [String: [HeadVariant: [Detection]]] = [:]
        var sizes: [String: (width: Int, height: Int)] = [:]
        for (path, summary) in analysis.summaries {
            let name = (path as NSString).lastPathComponent
            detectionsByFile[name] = summary.detections
            sizes[name] = (summary.imageWidth, summary.imageHeight)
        }
        let failures = analysis.failures
        if groundTruth == nil {
            do {
                groundTruth = try GroundTruth.load(contentsOf: groundTruthPath, imageSizes: sizes)
            } catch {
                throw .groundTruth(error)
            }
        }
        let truth = groundTruth ?? GroundTruth(images: [], classNames: [])
        for warning in truth.warnings { warn(warning) }

        let full = original ?? truth.cocoDataset()
        func fileName(_ image: COCOImage) -> String { (image.fileName as NSString).lastPathComponent }
        let done = Set(full.images.filter { detectionsByFile[fileName($0)] != nil }.map(\.id))
        let dataset = full.restricted(toImages: done)
        let mapping = COCOResultMapping(dataset: dataset, modelClassNames: detector.config.classNames)
        var reports: [EvaluationReport] = []
        var results: [(variant: HeadVariant, detections: [COCODetection])] = []
        for variant in variants {
            let detections = dataset.images.flatMap { image in
                mapping.results(detectionsByFile[fileName(image)]?[variant] ?? [], imageID: image.id)
            }
            results.append((variant, detections))
            reports.append(EvaluationReport.evaluate(detections, against: dataset, name: variant.rawValue, tide: tide))
        }
        return Outcome(reports: reports, results: results, classes: mapping.classes, dataset: dataset, imagesEvaluated: done.count,
                       imagesListed: files.count, failures: failures, interrupted: analysis.interrupted || isCancelled(),
                       progress: analysis.progress, storeProblem: analysis.storeProblem)
    }

    /// COCO JSON or VOC ground truth (and the COCO dataset as loaded); nil for YOLO labels.
    private func loadWithoutImageSizes() throws(DetectorEvaluationError) -> (GroundTruth?, COCODataset?) {
        guard !GroundTruth.isYOLOFolder(groundTruthPath) else { return (nil, nil) }
        do {
            if groundTruthPath.lowercased().hasSuffix(".json") {
                let dataset = try COCODataset.load(contentsOf: groundTruthPath)
                return (GroundTruth(coco: dataset), dataset)
            }
            return (try GroundTruth.load(contentsOf: groundTruthPath), nil)
        } catch {
            throw .groundTruth(error)
        }
    }
}
