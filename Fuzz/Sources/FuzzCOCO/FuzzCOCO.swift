import Foundation
import Evaluation

/// COCO ground truth: decoding, validation, conversion to dhscope's ground truth and back.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCOCO(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    guard let dataset = try? COCODataset.decode(data, path: "fuzz.json") else { return 0 }
    _ = try? dataset.validate(path: "fuzz.json")
    _ = GroundTruth(coco: dataset).cocoDataset()
    return 0
}
