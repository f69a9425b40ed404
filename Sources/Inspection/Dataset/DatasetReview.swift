import Compute
import Detector
import Evaluation
import Foundation

/// Everything the browser's dataset pane, error jumps and image orders need, for every head
/// variant, from what has been analysed so far (``DatasetDetections``) and the ground truth.
///
/// Per variant, the dataset is the images of the list analysed under it that the ground
/// truth lists (matched by file name; each entry of the list is one image, even when two
/// paths share a file name). Detections become COCO results through ``COCOResultMapping``
/// (classes matched by name), the ground truth a COCO dataset through
/// ``GroundTruth/cocoDataset()``, as ``ImageErrors`` and ``DetectorEvaluationRun`` do, and the
/// variants are evaluated together (``DatasetEvaluation/evaluate(_:against:confusionScoreThreshold:confusionIoUThreshold:)``).
/// Everything is then mapped back to the list's image indices, each image's detection
/// indices (the order given) and its ground-truth object indices: each image's labels are
/// exactly what ``ImageErrors`` gives for the image alone.
public struct DatasetReview: Sendable {
    /// The number of images in the browser's list.
    public let imageCount: Int
    /// How many of them the ground truth lists.
    public let listedImageCount: Int
    /// The variants reviewed, in the order asked for.
    public let variants: [HeadVariant]
    /// Each variant's review, in `variants` order.
    public let reviews: [VariantReview]
    /// How the ground truth's classes matched the model's.
    public let classes: ClassMapping
    /// How long the build took.
    public let timings: DatasetReviewTimings

    /// Reviews `variants` (duplicates are reviewed once) over `detections` against
    /// `groundTruth`, whose classes are matched by name to `modelClassNames`.
    ///
    /// - Parameters:
    ///   - confusionScoreThreshold: the confusion matrix's score threshold (mmdetection's 0.3).
    ///   - confusionIoUThreshold: its IoU threshold (mmdetection's 0.5).
    public init(detections: DatasetDetections, groundTruth: GroundTruth, modelClassNames: [String], variants: [HeadVariant],
                confusionScoreThreshold: Double = 0.3, confusionIoUThreshold: Double = 0.5) {
        var unique: [HeadVariant] = []
        for variant in variants where !unique.contains(variant) { unique.append(variant) }
        imageCount = detections.count
        let truth = detections.imagePaths.map { groundTruth.image(forFileAt: $0) }
        listedImageCount = truth.count { $0 != nil }
        classes = ClassMapping(datasetNames: groundTruth.classNames, modelNames: modelClassNames)
        var timings = DatasetReviewTimings()

        // Variants analysed on the same images share one COCO dataset and one evaluation call.
        var start = DispatchTime.now().uptimeNanoseconds
        var groups: [(images: [Int], variants: [HeadVariant])] = []
        for variant in unique {
            let images = detections.analysedImages(variant: variant).filter { truth[$0] != nil }
            if let g = groups.firstIndex(where: { $0.images == images }) {
                groups[g].variants.append(variant)
            } else {
                groups.append((images, [variant]))
            }
        }
        var jobs: [(variant: HeadVariant, dataset: Dataset, categories: [Int?])] = []
        for group in groups {
            let dataset = Dataset(images: group.images, truth: truth, classNames: groundTruth.classNames)
            let mapping = COCOResultMapping(dataset: dataset.coco, modelClassNames: modelClassNames)
            let categories = modelClassNames.indices.map { mapping.categoryID(ofModelClass: $0) }
            for variant in group.variants { jobs.append((variant, dataset, categories)) }
        }
        let built = Self.concurrently(jobs.count) { j in
            Results(dataset: jobs[j].dataset, detections: detections, variant: jobs[j].variant, categories: jobs[j].categories)
        }
        let inputs = zip(jobs, built).map { Input(variant: $0.variant, dataset: $0.dataset, results: $1) }
        timings.toCOCO = Self.seconds(since: start)

        start = DispatchTime.now().uptimeNanoseconds
        var evaluations: [HeadVariant: DatasetEvaluation] = [:]
        for group in groups {
            let members = inputs.filter { group.variants.contains($0.variant) }
            guard let dataset = members.first?.dataset else { continue }
            let sets = members.map { (name: $0.variant.rawValue, detections: $0.results.detections) }
            let results = DatasetEvaluation.evaluate(sets, against: dataset.coco, confusionScoreThreshold: confusionScoreThreshold,
                                                     confusionIoUThreshold: confusionIoUThreshold)
            for (input, evaluation) in zip(members, results) {
                evaluations[input.variant] = evaluation
                timings.parts += evaluation.timings
            }
        }
        timings.evaluation = Self.seconds(since: start)

        start = DispatchTime.now().uptimeNanoseconds
        let imageCount = detections.count
        reviews = Self.concurrently(inputs.count) { i -> VariantReview? in
            let input = inputs[i]
            return evaluations[input.variant].map { evaluation in
                VariantReview(variant: input.variant, evaluation: evaluation, analysedImages: input.dataset.images,
                              imageCount: imageCount, detectionCounts: input.results.detectionCounts,
                              resultImage: input.results.image, resultDetection: input.results.detection,
                              annotationImage: input.dataset.annotationImage, annotationObject: input.dataset.annotationObject)
            }
        }.compactMap { $0 }
        self.variants = reviews.map(\.variant)
        timings.labelMapping = Self.seconds(since: start)
        self.timings = timings
    }

    /// The review of `variant`, if it was reviewed.
    public subscript(variant: HeadVariant) -> VariantReview? {
        reviews.first { $0.variant == variant }
    }

    /// `body(i)` for every i in `0..<count`, on the cores, in order.
    private static func concurrently<T: Sendable>(_ count: Int, _ body: (Int) -> T) -> [T] {
        let slots = (0..<count).map { _ in Slot<T>() }
        Parallel.for(count) { slots[$0].value = body($0) }
        return slots.compactMap(\.value)
    }

    /// Where one task leaves its result (written by that task alone, read after the loop).
    private final class Slot<T>: @unchecked Sendable {
        var value: T?
    }

    private static func seconds(since start: UInt64) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// The analysed images of one group as a COCO dataset (image i is `images[i]`, with id
    /// i + 1), and where each of its annotations comes from.
    private struct Dataset {
        var images: [Int]
        var coco: COCODataset
        var annotationImage: [Int32] = []
        var annotationObject: [Int32] = []

        init(images: [Int], truth: [GroundTruthImage?], classNames: [String]) {
            self.images = images
            let listed = images.compactMap { truth[$0] }
            coco = GroundTruth(images: listed, classNames: classNames).cocoDataset()
            // cocoDataset() keeps, image by image, the objects whose class it lists, in order.
            let names = Set(classNames)
            for (image, imageTruth) in zip(images, listed) {
                for (o, object) in imageTruth.objects.enumerated() where names.contains(object.className) {
                    annotationImage.append(Int32(image))
                    annotationObject.append(Int32(o))
                }
            }
        }
    }

    /// One variant's detections on a group's images as COCO results, and where each comes from.
    private struct Results {
        var detections: [COCODetection] = []
        var image: [Int32] = []
        var detection: [Int32] = []
        /// Per image of the group: its number of detections (listed class or not).
        var detectionCounts: [Int] = []

        /// `categories`: the dataset category of each model class (``COCOResultMapping``'s).
        init(dataset: Dataset, detections all: DatasetDetections, variant: HeadVariant, categories: [Int?]) {
            for (slot, index) in dataset.images.enumerated() {
                let list = all.detections(ofImage: index, variant: variant) ?? []
                detectionCounts.append(list.count)
                for (n, d) in list.enumerated() {
                    guard categories.indices.contains(d.label), let category = categories[d.label] else { continue }
                    detections.append(COCODetection(imageID: slot + 1, categoryID: category, bbox: COCOBox(d.box), score: Double(d.score)))
                    image.append(Int32(index))
                    detection.append(Int32(n))
                }
            }
        }
    }

    private struct Input {
        var variant: HeadVariant
        var dataset: Dataset
        var results: Results
    }
}
