import Foundation

/// Loads COCO results files: a JSON array of `{image_id, category_id, bbox, score}`.
public enum COCOResults {
    /// Loads results and checks them against `groundTruth`, as pycocotools' `loadRes` does:
    /// every image id must be one of the ground truth's (pycocotools asserts this). Results
    /// of categories the ground truth does not list are kept; the evaluator ignores them, as
    /// pycocotools does. An empty array is allowed (pycocotools fails on it) and scores zero.
    ///
    /// - Throws: `EvaluationError` naming the file and the entry.
    public static func load(contentsOf path: String, groundTruth: COCODataset) throws(EvaluationError) -> [COCODetection] {
        let data = try FileReading.data(at: path)
        return try decode(data, path: path, groundTruth: groundTruth)
    }

    /// Decodes and checks results JSON; `path` only names the source in errors.
    public static func decode(_ data: Data, path: String, groundTruth: COCODataset) throws(EvaluationError) -> [COCODetection] {
        let detections: [COCODetection]
        if let scanned = ResultsScanner.scan(data) {
            detections = scanned
        } else {
            // Not plain results JSON: JSONDecoder says precisely what is wrong, and where.
            do {
                detections = try JSONDecoder().decode([COCODetection].self, from: data)
            } catch {
                throw FileReading.jsonError(error, path: path)
            }
        }
        if detections.count > EvaluationLimits.maxAnnotations {
            throw .tooManyEntries(path: path, count: detections.count, limit: EvaluationLimits.maxAnnotations)
        }
        let imageIDs = Set(groundTruth.images.map(\.id))
        for (i, d) in detections.enumerated() {
            if !imageIDs.contains(d.imageID) { throw .unknownImage(path: path, location: "[\(i)]", imageID: d.imageID) }
            let b = d.bbox
            guard b.x.isFinite, b.y.isFinite, b.width.isFinite, b.height.isFinite, d.score.isFinite else {
                throw .invalidValue(path: path, location: "[\(i)]", reason: "bbox or score is not a finite number")
            }
        }
        return detections
    }
}
