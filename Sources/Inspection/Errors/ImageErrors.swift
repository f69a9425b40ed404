import Detector
import Evaluation

/// TIDE's label for each of one image's detections, and the image's missed ground-truth
/// objects, exactly as `dhscope eval --errors` labels them (the image alone is the dataset;
/// classes are matched by name as `eval --images` matches them). What the browser's error mode
/// colours and lists.
public struct ImageErrors: Sendable, Equatable {
    /// Per detection (same order): its label, or nil when TIDE does not look at it (a class
    /// the ground truth does not list, or past the image's best 100).
    public var kinds: [DetectionLabel.Kind?]
    /// Per detection: the ground-truth object (index into the image's objects) its label
    /// refers to, if any.
    public var objects: [Int?]
    /// The objects no detection found (indices into the image's objects).
    public var misses: [Int]

    /// Labels `detections` (model class indices, scores, boxes in image pixels) against
    /// `image`, whose object classes are among `classNames` (the ground truth's class names).
    public init(detections: [Detection], modelClassNames: [String], image: GroundTruthImage, classNames: [String]) {
        let dataset = GroundTruth(images: [image], classNames: classNames).cocoDataset()
        // cocoDataset() keeps the objects whose class it lists, in order.
        let listed = Set(classNames)
        let objectOfAnnotation = image.objects.indices.filter { listed.contains(image.objects[$0].className) }
        let mapping = COCOResultMapping(dataset: dataset, modelClassNames: modelClassNames)
        var results: [COCODetection] = []
        var detectionOfResult: [Int] = []
        for (index, detection) in detections.enumerated() {
            guard let imageID = dataset.images.first?.id, let result = mapping.results([detection], imageID: imageID).first else {
                continue
            }
            results.append(result)
            detectionOfResult.append(index)
        }
        var kinds = [DetectionLabel.Kind?](repeating: nil, count: detections.count)
        var objects = [Int?](repeating: nil, count: detections.count)
        var misses: [Int] = []
        for label in TIDEAnalysis.labels(groundTruth: dataset, detections: results) {
            let object = label.annotation.flatMap { objectOfAnnotation.indices.contains($0) ? objectOfAnnotation[$0] : nil }
            guard let result = label.detection else {
                if let object { misses.append(object) }
                continue
            }
            let index = detectionOfResult[result]
            kinds[index] = label.kind
            objects[index] = object
        }
        self.kinds = kinds
        self.objects = objects
        self.misses = misses
    }

    /// The labels as given (``DatasetReview`` maps a dataset run's labels back to one image).
    init(kinds: [DetectionLabel.Kind?], objects: [Int?], misses: [Int]) {
        self.kinds = kinds
        self.objects = objects
        self.misses = misses
    }

    /// How many detections have each label, and how many objects were missed.
    public var counts: [DetectionLabel.Kind: Int] {
        var out: [DetectionLabel.Kind: Int] = [:]
        for kind in kinds.compactMap({ $0 }) { out[kind, default: 0] += 1 }
        out[.miss] = misses.count
        return out
    }
}
