import Detector
import Evaluation

/// One head variant's review of the dataset (see ``DatasetReview``): its ``DatasetEvaluation``
/// over the images analysed under it, and everything mapped back to the browser's images,
/// detections and ground-truth objects.
public struct VariantReview: Sendable {
    /// The head variant whose detections these are.
    public let variant: HeadVariant
    /// The evaluation of the analysed images (image i of its COCO dataset is `analysedImages[i]`).
    public let evaluation: DatasetEvaluation
    /// The images evaluated, ascending: those analysed under the variant that the ground truth
    /// lists. They are the dataset every number of `evaluation` is about.
    public let analysedImages: [Int]
    /// Per image of the list: its position in `analysedImages`, or -1.
    private let slotOfImage: [Int32]
    /// Per analysed image: its labels.
    private let errors: [ImageErrors]
    /// Per COCO result: its image and detection.
    private let resultImage: [Int32]
    private let resultDetection: [Int32]
    /// Per COCO annotation: its image and object.
    private let annotationImage: [Int32]
    private let annotationObject: [Int32]

    /// Maps `evaluation` (of results `resultImage`/`resultDetection` and of annotations
    /// `annotationImage`/`annotationObject`) back to `imageCount` images whose analysed ones
    /// have `detectionCounts` detections each.
    init(variant: HeadVariant, evaluation: DatasetEvaluation, analysedImages: [Int], imageCount: Int, detectionCounts: [Int],
         resultImage: [Int32], resultDetection: [Int32], annotationImage: [Int32], annotationObject: [Int32]) {
        self.variant = variant
        self.evaluation = evaluation
        self.analysedImages = analysedImages
        var slotOfImage = [Int32](repeating: -1, count: imageCount)
        for (slot, image) in analysedImages.enumerated() { slotOfImage[image] = Int32(slot) }
        var kinds = detectionCounts.map { [DetectionLabel.Kind?](repeating: nil, count: $0) }
        var objects = detectionCounts.map { [Int?](repeating: nil, count: $0) }
        var misses = [[Int]](repeating: [], count: analysedImages.count)
        for label in evaluation.labels {
            let object = label.annotation.map { Int(annotationObject[$0]) }
            if let r = label.detection {
                let slot = Int(slotOfImage[Int(resultImage[r])])
                let n = Int(resultDetection[r])
                kinds[slot][n] = label.kind
                objects[slot][n] = object
            } else if let a = label.annotation, let object {
                misses[Int(slotOfImage[Int(annotationImage[a])])].append(object)
            }
        }
        errors = analysedImages.indices.map { ImageErrors(kinds: kinds[$0], objects: objects[$0], misses: misses[$0]) }
        self.slotOfImage = slotOfImage
        self.resultImage = resultImage
        self.resultDetection = resultDetection
        self.annotationImage = annotationImage
        self.annotationObject = annotationObject
    }

    private func slot(_ image: Int) -> Int? {
        guard slotOfImage.indices.contains(image) else { return nil }
        let slot = Int(slotOfImage[image])
        return slot >= 0 ? slot : nil
    }

    /// How many images the dataset holds (partial data: the analysed ones so far).
    public var analysedImageCount: Int { analysedImages.count }

    /// Whether image `index` is part of the evaluated dataset.
    public func isAnalysed(_ index: Int) -> Bool { slot(index) != nil }

    /// Image `index`'s labels, exactly as ``ImageErrors/init(detections:modelClassNames:image:classNames:)``
    /// gives them for the image alone; nil when it is not evaluated.
    public func imageErrors(ofImage index: Int) -> ImageErrors? {
        slot(index).map { errors[$0] }
    }

    /// pycocotools' AP @[.5:.95] of image `index` alone; nil when it is not evaluated or has
    /// no non-crowd ground truth of a listed class.
    public func averagePrecision(ofImage index: Int) -> Double? {
        slot(index).flatMap { evaluation.imageAP[$0] }
    }

    /// Image `index`'s detections by label and its misses; nil when it is not evaluated.
    public func counts(ofImage index: Int) -> LabelCounts? {
        slot(index).map { evaluation.imageCounts[$0] }
    }

    /// The members of confusion-matrix cell (`row`, `column`) (``DatasetEvaluation/confusionMembers``,
    /// rows the ground truth's classes then background): detections, or in the background
    /// column the missed objects, in the order counted.
    public func confusionMembers(row: Int, column: Int) -> [ReviewItem] {
        let members = evaluation.confusionMembers
        if column == members.size - 1 {
            return members.missedAnnotations(row: row).map {
                ReviewItem(image: Int(annotationImage[$0]), target: .object(Int(annotationObject[$0])))
            }
        }
        return members.detections(row: row, column: column).map {
            ReviewItem(image: Int(resultImage[$0]), target: .detection(Int(resultDetection[$0])))
        }
    }
}
