import Foundation

/// A COCO ground truth: images, annotations and categories, validated.
///
/// Validation is stricter than pycocotools, which silently drops annotations of unknown
/// images or categories: here those are errors naming the annotation. Missing "area" falls
/// back to `bbox` width * height and missing "iscrowd" to false (pycocotools would raise
/// KeyError); image width and height default to 0 when absent.
public struct COCODataset: Sendable {
    public var images: [COCOImage]
    public var annotations: [COCOAnnotation]
    public var categories: [COCOCategory]

    /// A dataset from already validated parts (`validate(path:)` checks them).
    public init(images: [COCOImage], annotations: [COCOAnnotation], categories: [COCOCategory]) {
        self.images = images
        self.annotations = annotations
        self.categories = categories
    }

    /// The category named `name`'s id, or nil.
    public func categoryID(named name: String) -> Int? {
        categories.first { $0.name == name }?.id
    }

    /// Loads and validates a COCO annotation file.
    ///
    /// - Throws: `EvaluationError` naming the file and, for JSON problems, the coding path
    ///   (for example `annotations[12].bbox`).
    public static func load(contentsOf path: String) throws(EvaluationError) -> COCODataset {
        let data = try FileReading.data(at: path)
        return try decode(data, path: path)
    }

    /// Decodes and validates COCO ground-truth JSON; `path` only names the source in errors.
    public static func decode(_ data: Data, path: String) throws(EvaluationError) -> COCODataset {
        let file: COCOFileFormat
        do {
            file = try JSONDecoder().decode(COCOFileFormat.self, from: data)
        } catch {
            throw FileReading.jsonError(error, path: path)
        }
        let images = file.images.map {
            COCOImage(id: $0.id, fileName: $0.file_name, width: $0.width ?? 0, height: $0.height ?? 0)
        }
        let categories = (file.categories ?? []).map { COCOCategory(id: $0.id, name: $0.name) }
        let annotations = (file.annotations ?? []).map {
            COCOAnnotation(id: $0.id, imageID: $0.image_id, categoryID: $0.category_id,
                           bbox: $0.bbox, area: $0.area, isCrowd: $0.iscrowd)
        }
        let dataset = COCODataset(images: images, annotations: annotations, categories: categories)
        try dataset.validate(path: path)
        return dataset
    }

    /// Checks ids, sizes and references; `path` names the source in errors.
    public func validate(path: String) throws(EvaluationError) {
        let limit = EvaluationLimits.maxAnnotations
        for count in [images.count, annotations.count, categories.count] where count > limit {
            throw .tooManyEntries(path: path, count: count, limit: limit)
        }
        var imageIDs = Set<Int>(minimumCapacity: images.count)
        for (i, image) in images.enumerated() {
            if !imageIDs.insert(image.id).inserted { throw .duplicateID(path: path, kind: "image", id: image.id) }
            if image.width < 0 || image.height < 0 {
                throw .invalidValue(path: path, location: "images[\(i)]",
                                    reason: "negative size \(image.width)x\(image.height)")
            }
        }
        var categoryIDs = Set<Int>(minimumCapacity: categories.count)
        for category in categories where !categoryIDs.insert(category.id).inserted {
            throw .duplicateID(path: path, kind: "category", id: category.id)
        }
        for (i, a) in annotations.enumerated() {
            let location = "annotations[\(i)] (id \(a.id))"
            let b = a.bbox
            guard b.x.isFinite, b.y.isFinite, b.width.isFinite, b.height.isFinite, a.area.isFinite else {
                throw .invalidValue(path: path, location: location, reason: "bbox or area is not a finite number")
            }
            if b.width < 0 || b.height < 0 {
                throw .invalidValue(path: path, location: location,
                                    reason: "negative box size \(b.width)x\(b.height) (bbox is [x, y, width, height])")
            }
            if !imageIDs.contains(a.imageID) { throw .unknownImage(path: path, location: location, imageID: a.imageID) }
            if !categoryIDs.contains(a.categoryID) {
                throw .unknownCategory(path: path, location: location, categoryID: a.categoryID)
            }
        }
    }
}
