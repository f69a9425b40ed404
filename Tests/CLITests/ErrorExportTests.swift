import Foundation
import Imaging
import TestSupport
import Testing

/// `eval --errors` and `--confusion` on a case whose every label follows from TIDE's and
/// mmdetection's definitions by hand (the generated cases against tidecv are in EvaluationTests).
struct ErrorExportTests {
    static let groundTruth = #"""
        {"images": [{"id": 1, "file_name": "a.png", "width": 400, "height": 400},
                    {"id": 2, "file_name": "b.png", "width": 400, "height": 400}],
         "annotations": [
            {"id": 11, "image_id": 1, "category_id": 1, "bbox": [10, 10, 40, 40], "area": 1600, "iscrowd": 0},
            {"id": 12, "image_id": 1, "category_id": 2, "bbox": [100, 10, 40, 40], "area": 1600, "iscrowd": 0},
            {"id": 13, "image_id": 1, "category_id": 1, "bbox": [10, 100, 40, 40], "area": 1600, "iscrowd": 0}],
         "categories": [{"id": 1, "name": "circle"}, {"id": 2, "name": "square"}]}
        """#

    /// (category, box, score, image) and the label TIDE gives it: tp of A; dupe of A (IoU
    /// 36/44); cls of B (IoU 1); loc of B (IoU 1/3); both with A (IoU 1/3, other class);
    /// bkg far away; bkg in an image without ground truth. C (id 13) is missed.
    static let results = #"""
        [{"image_id": 1, "category_id": 1, "bbox": [10, 10, 40, 40], "score": 0.9},
         {"image_id": 1, "category_id": 1, "bbox": [14, 10, 40, 40], "score": 0.8},
         {"image_id": 1, "category_id": 1, "bbox": [100, 10, 40, 40], "score": 0.7},
         {"image_id": 1, "category_id": 2, "bbox": [120, 10, 40, 40], "score": 0.6},
         {"image_id": 1, "category_id": 2, "bbox": [30, 10, 40, 40], "score": 0.5},
         {"image_id": 1, "category_id": 1, "bbox": [300, 300, 20, 20], "score": 0.4},
         {"image_id": 2, "category_id": 1, "bbox": [10, 10, 40, 40], "score": 0.9}]
        """#

    @Test func everyDetectionAndEveryMissIsLabelledAsTIDEDefinesIt() throws {
        let folder = try TemporaryFolder()
        let gt = try folder.write(Self.groundTruth, to: "gt.json")
        let results = try folder.write(Self.results, to: "results.json")
        let errors = folder.file("out/errors.jsonl")
        let r = try CLIRunner.run(["eval", "--gt", gt, "--results", results, "--errors", errors])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = try String(contentsOfFile: errors, encoding: .utf8).split(separator: "\n").map { try JSON.object(String($0)) }
        let got = lines.map { line -> String in
            let iou = (line["iou"] as? Double).map { String(format: "%.3f", $0) } ?? "-"
            return "\(line["type"] ?? "?") \(line["score"] as? Double ?? -1) \(line["gt_id"] as? Int ?? -1) \(iou)"
        }
        #expect(got == ["tp 0.9 11 1.000", "dupe 0.8 11 0.818", "cls 0.7 12 1.000", "loc 0.6 12 0.333",
                        "both 0.5 11 0.333", "bkg 0.4 -1 -", "miss -1.0 13 -", "bkg 0.9 -1 -"])
        let keys: Set = ["variant", "image_id", "file", "type", "category_id", "score", "box", "gt_id", "gt_category_id",
                         "gt_box", "iou"]
        for line in lines { #expect(Set(line.keys) == keys, "\(line)") }
        #expect(lines.allSatisfy { $0["variant"] as? String == "results" })
        let miss = try #require(lines.first { $0["type"] as? String == "miss" })
        #expect(miss["score"] is NSNull && miss["box"] is NSNull && miss["file"] as? String == "a.png")
        #expect(miss["gt_box"] as? [Double] == [10, 100, 40, 40] && miss["category_id"] as? Int == 1)
        let cls = try #require(lines.first { $0["type"] as? String == "cls" })
        #expect(cls["category_id"] as? Int == 1 && cls["gt_category_id"] as? Int == 2 && cls["box"] as? [Double] == [100, 10, 40, 40])
        let bkg = try #require(lines.first { $0["type"] as? String == "bkg" })
        #expect(bkg["gt_id"] is NSNull && bkg["gt_box"] is NSNull && bkg["gt_category_id"] is NSNull && bkg["iou"] is NSNull)
    }

    @Test func confusionMatrixCountsAsMMDetectionDoes() throws {
        let folder = try TemporaryFolder()
        let gt = try folder.write(Self.groundTruth, to: "gt.json")
        let results = try folder.write(Self.results, to: "results.json")
        let path = folder.file("confusion.json")
        let r = try CLIRunner.run(["eval", "--gt", gt, "--results", results, "--no-tide", "--confusion", path])
        #expect(r.status == 0, "\(r.stderr)")
        let matrix = try JSON.object(String(contentsOfFile: path, encoding: .utf8))
        #expect(matrix["variant"] as? String == "results")
        #expect(matrix["categories"] as? [String] == ["circle", "square", "background"])
        // Rows ground truth, columns predicted, background last: A found twice by circles, B
        // overlapped by a circle, B and C missed by their own class; three circles and two
        // squares overlap nothing.
        #expect(matrix["matrix"] as? [[Int]] == [[2, 0, 1], [1, 0, 1], [2, 2, 0]])

        let strict = try CLIRunner.run(["eval", "--gt", gt, "--results", results, "--no-tide", "--confusion", path,
                                        "--confusion-score-thr", "0.65", "--confusion-iou-thr", "0.5"])
        #expect(strict.status == 0, "\(strict.stderr)")
        let high = try JSON.object(String(contentsOfFile: path, encoding: .utf8))
        #expect(high["matrix"] as? [[Int]] == [[2, 0, 1], [1, 0, 1], [1, 0, 0]])
    }

    @Test func exportsNeverWriteOverAnInputAndThresholdsAreChecked() throws {
        let folder = try TemporaryFolder()
        let gt = try folder.write(Self.groundTruth, to: "gt.json")
        let results = try folder.write(Self.results, to: "results.json")
        let over = try CLIRunner.run(["eval", "--gt", gt, "--results", results, "--errors", results])
        #expect(over.status != 0 && over.stderr.contains("--errors"), "\(over.stderr)")
        #expect(try String(contentsOfFile: results, encoding: .utf8) == Self.results)
        let bad = try CLIRunner.run(["eval", "--gt", gt, "--results", results, "--confusion", folder.file("c.json"),
                                     "--confusion-iou-thr", "1.5"])
        #expect(bad.status != 0 && bad.stderr.contains("--confusion-iou-thr 1.5 is out of range"), "\(bad.stderr)")
    }
}

struct EvaluationChartTests {
    /// `--png` draws one row per evaluated set: PR curves, the confusion matrix, TIDE's bars.
    @Test func pngHasARowOfPanelsPerSet() throws {
        let folder = try TemporaryFolder()
        let gt = try folder.write(ErrorExportTests.groundTruth, to: "gt.json")
        let results = try folder.write(ErrorExportTests.results, to: "results.json")
        let png = folder.file("eval.png")
        let r = try CLIRunner.run(["eval", "--gt", gt, "--results", results, "--png", png])
        #expect(r.status == 0, "\(r.stderr)")
        let image = try ImageDecoder().decodeRGB(contentsOf: png)
        #expect(image.width == 1200 && image.height == 36 + 300)
        // The first class's PR curve and TIDE's first bar are Okabe-Ito blue (0, 114, 178).
        var blue = 0
        for i in stride(from: 0, to: image.pixels.count, by: 3)
        where image.pixels[i] == 0 && image.pixels[i + 1] == 114 && image.pixels[i + 2] == 178 { blue += 1 }
        #expect(blue > 500, "blue pixels: \(blue)")
        let over = try CLIRunner.run(["eval", "--gt", gt, "--results", results, "--png", gt])
        #expect(over.status != 0 && over.stderr.contains("--png"), "\(over.stderr)")
    }
}
