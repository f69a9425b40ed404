import Detector
import Foundation
import Inspection

/// Turns detections into COCO results with a dataset's image ids and category ids.
struct COCOResultsExporter {
    struct Result: Encodable {
        var image_id: Int
        var category_id: Int
        var bbox: [Float]
        var score: Float
    }

    let dataset: COCODataset
    let path: String
    /// Model class index to the dataset's category id (nil: the dataset lacks the class).
    let categoryIDs: [Int?]
    private(set) var results: [Result] = []

    init(groundTruth path: String, classNames: [String]) throws {
        let dataset = try COCODataset.load(contentsOf: path)
        self.dataset = dataset
        self.path = path
        categoryIDs = classNames.map { dataset.categoryID(named: $0) }
        let missing = zip(classNames, categoryIDs).filter { $0.1 == nil }.map(\.0)
        if !missing.isEmpty {
            FileHandle.standardError.write(Data("dhscope: \(path) has no category for model classes \(missing.joined(separator: ", ")); their detections are left out\n".utf8))
        }
    }

    mutating func add(_ detections: [Detection], imagePath: String) throws {
        let name = (imagePath as NSString).lastPathComponent
        guard let image = dataset.images.first(where: { $0.fileName == name || ($0.fileName as NSString).lastPathComponent == name }) else {
            throw CLIError("\(imagePath): no image named \(name) in \(path)")
        }
        for d in detections {
            guard d.label < categoryIDs.count, let category = categoryIDs[d.label] else { continue }
            results.append(Result(image_id: image.id, category_id: category,
                                  bbox: [d.box.x1, d.box.y1, d.box.x2 - d.box.x1, d.box.y2 - d.box.y1], score: d.score))
        }
    }
}
