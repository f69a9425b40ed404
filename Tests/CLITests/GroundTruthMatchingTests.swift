import Foundation
import TestSupport
import Testing

/// Images are matched to ground truth by file name. Every command skips the images the
/// ground truth does not list, with one warning line each, and `detect --coco` and
/// `eval --images` turn detections into COCO results along the same path.
struct GroundTruthMatchingTests {
    static let model = DetectorCommandTests.model
    static let image = RepositoryFiles.path(SharedFixtures.baselineImage)

    /// Ground truth listing only baseline.jpg, with category names that match the tiny
    /// model's (circle, square, triangle) only after normalising case.
    static let groundTruth = #"""
        {"images": [{"id": 42, "file_name": "baseline.jpg", "width": 64, "height": 48}],
         "annotations": [{"id": 1, "image_id": 42, "category_id": 9, "bbox": [10, 8, 30, 24], "area": 720, "iscrowd": 0}],
         "categories": [{"id": 7, "name": "Circle"}, {"id": 9, "name": "SQUARE"}, {"id": 11, "name": "Triangle"}]}
        """#

    /// A folder with baseline.jpg (listed) and unlisted.jpg (not in the ground truth).
    func scene() throws -> (folder: TemporaryFolder, images: String, gt: String) {
        let folder = try TemporaryFolder("dhscope-gt")
        try folder.copy(Self.image, to: "images/baseline.jpg")
        try folder.copy(Self.image, to: "images/unlisted.jpg")
        let gt = try folder.write(Self.groundTruth, to: "gt.json")
        return (folder, folder.file("images"), gt)
    }

    func warnings(_ stderr: String, naming name: String) -> [Substring] {
        stderr.split(separator: "\n").filter { $0.contains(name) }
    }

    @Test func detectCOCOSkipsImagesTheGroundTruthDoesNotList() throws {
        let s = try scene()
        let r = try CLIRunner.run(["detect", s.images, "--model", Self.model, "--coco", "--gt", s.gt])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = warnings(r.stderr, naming: "unlisted.jpg")
        #expect(lines.count == 1, "one warning line for the unlisted image: \(r.stderr)")
        #expect(lines.first?.contains("skipped") == true, "\(r.stderr)")
        let results = try JSON.array(r.stdout)
        #expect(!results.isEmpty)
        #expect(results.allSatisfy { $0["image_id"] as? Int == 42 })
    }

    @Test func evalAndAnalyzeWarnOncePerUnlistedImage() throws {
        let s = try scene()
        let eval = try CLIRunner.run(["eval", "--gt", s.gt, "--images", s.images, "--model", Self.model])
        #expect(eval.status == 0, "\(eval.stderr)")
        #expect(warnings(eval.stderr, naming: "unlisted.jpg").count == 1, "\(eval.stderr)")
        let analyze = try CLIRunner.run(["analyze", "--gt", s.gt, "--images", s.images, "--model", Self.model, "--per-bin", "1"])
        #expect(analyze.status == 0, "\(analyze.stderr)")
        #expect(warnings(analyze.stderr, naming: "unlisted.jpg").count == 1, "\(analyze.stderr)")
    }

    /// The same files through `detect --coco` and through `eval --images --save-results`
    /// give the same results, with the dataset's category ids for names that only match
    /// after normalising ("SQUARE" for the model's "square").
    @Test func detectCOCOAndEvalGiveIdenticalResults() throws {
        let s = try scene()
        let detect = try CLIRunner.run(["detect", s.images, "--model", Self.model, "--variant", "dh", "--coco", "--gt", s.gt])
        #expect(detect.status == 0, "\(detect.stderr)")
        let saved = s.folder.file("saved")
        let eval = try CLIRunner.run(["eval", "--gt", s.gt, "--images", s.images, "--model", Self.model,
                                      "--variants", "dh", "--save-results", saved])
        #expect(eval.status == 0, "\(eval.stderr)")
        let fromDetect = try JSON.array(detect.stdout)
        let fromEval = try JSON.array(String(decoding: Data(contentsOf: URL(fileURLWithPath: saved + "/dh.json")), as: UTF8.self))
        #expect(!fromDetect.isEmpty)
        #expect(fromDetect.count == fromEval.count)
        for (a, b) in zip(fromDetect, fromEval) {
            #expect(NSDictionary(dictionary: a).isEqual(to: b), "\(a) vs \(b)")
        }
        // Every model class has a category after normalising, so every detection is exported.
        let reference = try DetectorCommandTests().reference().detections["dh"] ?? []
        #expect(fromDetect.count == reference.count)
        let ids = [7, 9, 11]
        #expect(zip(fromDetect, reference).allSatisfy { $0["category_id"] as? Int == ids[$1.label] })
    }
}
