import Foundation
import Evaluation
import Testing

/// pycocotools' numbers for one fixture pair (Tools/fixtures/make_coco_fixtures.py).
private struct Expected: Decodable {
    var stats: [Double]
    var category_ids: [Int]
    var category_ap: [Double]
    var category_ap50: [Double]
    var iou_thresholds_hex: [String]
    var recall_thresholds_hex: [String]
}

private let cases = ["crowd", "area_edges", "empty", "many_dets", "ann_id_zero", "ties_noncontiguous", "random_mix"]

@Suite struct COCOParityTests {
    @Test(arguments: cases)
    func summaryAndPerClassAPEqualPycocotools(name: String) throws {
        let gt = try COCODataset.load(contentsOf: try fixturePath("coco/\(name)_gt.json"))
        let results = try COCOResults.load(contentsOf: try fixturePath("coco/\(name)_results.json"), groundTruth: gt)
        let expected = try JSONDecoder().decode(
            Expected.self, from: Data(contentsOf: URL(fileURLWithPath: try fixturePath("coco/\(name)_expected.json"))))
        let evaluation = COCOEvaluator(groundTruth: gt).evaluate(results)
        let stats = evaluation.stats.values
        #expect(stats.count == 12)
        for (i, (got, want)) in zip(stats, expected.stats).enumerated() {
            #expect(abs(got - want) <= 1e-6, "\(name) \(COCOStats.names[i]): \(got) vs pycocotools \(want)")
        }
        #expect(evaluation.categoryIDs == expected.category_ids)
        for (k, (got, want)) in zip(evaluation.categoryAP, expected.category_ap).enumerated() {
            #expect(abs(got - want) <= 1e-6, "\(name) category \(expected.category_ids[k]) AP: \(got) vs \(want)")
        }
        for (k, (got, want)) in zip(evaluation.categoryAP50, expected.category_ap50).enumerated() {
            #expect(abs(got - want) <= 1e-6, "\(name) category \(expected.category_ids[k]) AP50: \(got) vs \(want)")
        }
    }

    @Test func thresholdsAreNumpysBitForBit() throws {
        let expected = try JSONDecoder().decode(
            Expected.self, from: Data(contentsOf: URL(fileURLWithPath: try fixturePath("coco/crowd_expected.json"))))
        #expect(COCOParameters.iouThresholds.map(hex) == expected.iou_thresholds_hex)
        #expect(COCOParameters.recallThresholds.map(hex) == expected.recall_thresholds_hex)
    }

    @Test func annotationIDZeroLosesItsTruePositiveAsInPycocotools() throws {
        let gt = COCODataset(
            images: [COCOImage(id: 1, fileName: "a.jpg", width: 100, height: 100)],
            annotations: [COCOAnnotation(id: 0, imageID: 1, categoryID: 1, bbox: COCOBox(x: 10, y: 10, width: 50, height: 50))],
            categories: [COCOCategory(id: 1, name: "a")])
        let hit = COCODetection(imageID: 1, categoryID: 1, bbox: COCOBox(x: 10, y: 10, width: 50, height: 50), score: 0.9)
        let stats = COCOEvaluator(groundTruth: gt).evaluate([hit]).stats.values
        #expect(stats[0] == 0)  // a perfect detection, yet pycocotools scores it as a false positive
        var renumbered = gt
        renumbered.annotations[0].id = 1
        #expect(abs(COCOEvaluator(groundTruth: renumbered).evaluate([hit]).stats.values[0] - 1) < 1e-12)
    }

    @Test func noGroundTruthGivesMinusOne() {
        let gt = COCODataset(images: [COCOImage(id: 1, fileName: "a.jpg", width: 10, height: 10)],
                             annotations: [], categories: [COCOCategory(id: 1, name: "a")])
        let stats = COCOEvaluator(groundTruth: gt).evaluate([]).stats.values
        #expect(stats == [Double](repeating: -1, count: 12))
    }

    @Test func printedLinesMatchPycocotoolsFormat() {
        let lines = COCOStats(values: [0.3646, 0.5, 0.75, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, -1]).pycocotoolsLines
        #expect(lines[0] == " Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.365")
        #expect(lines[1] == " Average Precision  (AP) @[ IoU=0.50      | area=   all | maxDets=100 ] = 0.500")
        #expect(lines[6] == " Average Recall     (AR) @[ IoU=0.50:0.95 | area=   all | maxDets=  1 ] = 0.400")
        #expect(lines[11] == " Average Recall     (AR) @[ IoU=0.50:0.95 | area= large | maxDets=100 ] = -1.000")
    }
}

private func hex(_ value: Double) -> String {
    // Python's float.hex(): 0x1.0000000000000p-1 style.
    if value == 0 { return "0x0.0p+0" }
    let exponent = value.exponent
    let significand = value.significandBitPattern
    let digits = String(significand, radix: 16)
    let padded = String(repeating: "0", count: 13 - digits.count) + digits
    return "0x1.\(padded)p\(exponent >= 0 ? "+" : "")\(exponent)"
}
