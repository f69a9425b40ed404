import Evaluation
import Detector
import Foundation

/// Detections as COCO results of one dataset: the image id found by file name, the category
/// id by class name through ``ClassMapping`` (exact, then normalised: "Traffic_Light" is the
/// model's "traffic light"). `dhscope detect --coco` and `dhscope eval --images` both export
/// through it, so the two give the same results for the same files.
public struct COCOResultMapping: Sendable {
    public let dataset: COCODataset
    /// How the dataset's category names matched the model's class names.
    public let classes: ClassMapping
    private let categoryByModelClass: [Int: Int]
    private let imageIDByFileName: [String: Int]

    public init(dataset: COCODataset, modelClassNames: [String]) {
        self.dataset = dataset
        classes = ClassMapping(datasetNames: dataset.categories.map(\.name), modelNames: modelClassNames)
        var categories: [Int: Int] = [:]
        for category in dataset.categories {
            guard let index = classes.modelIndex(of: category.name), categories[index] == nil else { continue }
            categories[index] = category.id
        }
        categoryByModelClass = categories
        var images: [String: Int] = [:]
        for image in dataset.images {
            let name = (image.fileName as NSString).lastPathComponent
            if images[name] == nil { images[name] = image.id }
        }
        imageIDByFileName = images
    }

    /// The id of the dataset image with the file name of `path`, or nil when it lists none.
    public func imageID(forFileAt path: String) -> Int? {
        imageIDByFileName[(path as NSString).lastPathComponent]
    }

    /// The dataset category id of model class `label`, or nil when the dataset lacks the class.
    public func categoryID(ofModelClass label: Int) -> Int? {
        categoryByModelClass[label]
    }

    /// `detections` of image `imageID` as results, in the same order; detections of classes
    /// the dataset lacks are left out. Boxes become `[x, y, width, height]` (no +1).
    public func results(_ detections: [Detection], imageID: Int) -> [COCODetection] {
        detections.compactMap { d in
            categoryID(ofModelClass: d.label).map {
                COCODetection(imageID: imageID, categoryID: $0, bbox: COCOBox(d.box), score: Double(d.score))
            }
        }
    }
}

extension COCOResults {
    /// `results` as a COCO results file: a JSON array of {bbox, category_id, image_id, score}.
    public static func encode(_ results: [COCODetection]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(results)
    }
}
