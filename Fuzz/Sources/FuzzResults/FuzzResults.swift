import Foundation
import Evaluation

/// A COCO results file against a small fixed dataset, then the full evaluation of what loaded.
private let dataset = COCODataset(
    images: [COCOImage(id: 1, fileName: "a.png", width: 64, height: 48), COCOImage(id: 7, fileName: "b.png", width: 32, height: 32)],
    annotations: [
        COCOAnnotation(id: 1, imageID: 1, categoryID: 1, bbox: COCOBox(x: 4, y: 4, width: 20, height: 10), isCrowd: false),
        COCOAnnotation(id: 2, imageID: 7, categoryID: 3, bbox: COCOBox(x: 0, y: 0, width: 32, height: 32), isCrowd: true),
    ],
    categories: [COCOCategory(id: 1, name: "circle"), COCOCategory(id: 3, name: "square")])

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzResults(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    guard let detections = try? COCOResults.decode(data, path: "fuzz.json", groundTruth: dataset) else { return 0 }
    _ = COCOEvaluator(groundTruth: dataset).evaluate(detections)
    return 0
}
