import Evaluation
import Foundation
import Testing

/// The cases of Tools/fixtures/make_error_fixtures.py (Fixtures/errors/NAME.json).
let errorCases = ["basic", "crowd", "empty", "unused-category", "ties", "many", "random"]

/// A case's ground truth and results (every result kept, in file order) and the file's bytes,
/// for the test to decode what it compares with.
func loadErrorCase(_ name: String) throws -> (groundTruth: COCODataset, results: [COCODetection], data: Data) {
    let path = try fixturePath("errors/\(name).json")
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let gtData = try JSONSerialization.data(withJSONObject: try #require(object["gt"]))
    let resultsData = try JSONSerialization.data(withJSONObject: try #require(object["results"]))
    let gt = try COCODataset.decode(gtData, path: path)
    let results = try COCOResults.decode(resultsData, path: path, groundTruth: gt)
    #expect(results.count == (object["results"] as? [Any])?.count, "\(name): every result must be kept, in order")
    return (gt, results, data)
}
