import Foundation
import TestSupport
import Testing

struct EvalCommandTests {
    /// Results of a category the ground truth does not list are skipped, as pycocotools
    /// skips them; TIDE must not count them either (as a Cls error, for example).
    @Test func resultsOfUnknownCategoriesAreSkippedByTIDETooAsByPycocotools() throws {
        let folder = try TemporaryFolder()
        let gt = try folder.write(#"{"images": [{"id": 1, "file_name": "a.png", "width": 100, "height": 60}], "annotations": [{"id": 1, "image_id": 1, "category_id": 2, "bbox": [10, 8, 30, 24], "area": 720, "iscrowd": 0}, {"id": 2, "image_id": 1, "category_id": 1, "bbox": [50, 10, 20, 20], "area": 400, "iscrowd": 0}], "categories": [{"id": 1, "name": "circle"}, {"id": 2, "name": "square"}]}"#, to: "gt.json")
        let known = #"{"image_id": 1, "category_id": 2, "bbox": [10, 8, 30, 24], "score": 0.9}"#
        let unknown = #"{"image_id": 1, "category_id": 99, "bbox": [50, 10, 20, 20], "score": 0.8}"#
        let plain = try folder.write("[\(known)]", to: "plain.json")
        let extra = try folder.write("[\(known), \(unknown)]", to: "extra.json")
        let a = try CLIRunner.run(["eval", "--gt", gt, "--results", plain, "--json"])
        let b = try CLIRunner.run(["eval", "--gt", gt, "--results", extra, "--json"])
        #expect(a.status == 0 && b.status == 0, "\(a.stderr) \(b.stderr)")
        let ja = try JSON.object(a.stdout), jb = try JSON.object(b.stdout)
        #expect(jb["skipped_detections"] as? Int == 1)
        let tideA = ja["tide"] as? [[String: Any]] ?? [], tideB = jb["tide"] as? [[String: Any]] ?? []
        #expect(!tideA.isEmpty)
        #expect(NSArray(array: tideA).isEqual(to: tideB), "TIDE with the skipped result: \(tideB)\nwithout: \(tideA)")
        #expect(NSDictionary(dictionary: ja["stats"] as? [String: Any] ?? [:]).isEqual(to: jb["stats"] as? [String: Any] ?? [:]))
        let text = try CLIRunner.run(["eval", "--gt", gt, "--results", extra])
        #expect(text.stdout.contains("skipped by COCOeval and TIDE (as pycocotools skips them)"), "\(text.stdout)")
    }
}
