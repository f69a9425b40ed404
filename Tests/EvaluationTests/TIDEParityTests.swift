import Foundation
import Evaluation
import Testing

/// tidecv's own numbers for a fixture pair (Tools/fixtures/make_coco_fixtures.py, TIDECV_PATH).
private struct ExpectedTIDE: Decodable {
    var ap50: Double
    var dap: [String: Double]
    var counts: [String: Int]
}

private let cases = ["crowd", "area_edges", "empty", "many_dets", "ann_id_zero", "ties_noncontiguous", "random_mix"]

@Suite struct TIDEParityTests {
    @Test(arguments: cases)
    func countsAndDeltaAPEqualTidecv(name: String) throws {
        let gt = try COCODataset.load(contentsOf: try fixturePath("coco/\(name)_gt.json"))
        let results = try COCOResults.load(contentsOf: try fixturePath("coco/\(name)_results.json"), groundTruth: gt)
        let expected = try JSONDecoder().decode(
            ExpectedTIDE.self, from: Data(contentsOf: URL(fileURLWithPath: try fixturePath("coco/\(name)_tide.json"))))
        let report = TIDEAnalysis.analyze(groundTruth: gt, detections: results)
        #expect(abs(report.ap50 - expected.ap50) <= 1e-6, "\(name) TIDE AP50 \(report.ap50) vs \(expected.ap50)")
        for type in TIDEErrorType.allCases {
            #expect(report.counts[type] == expected.counts[type.shortName], "\(name) \(type.shortName) count")
            let want = expected.dap[type.shortName] ?? .nan
            let got = report.deltaAP[type] ?? .nan
            #expect(abs(got - want) <= 1e-6, "\(name) \(type.shortName) dAP \(got) vs tidecv \(want)")
        }
    }
}
