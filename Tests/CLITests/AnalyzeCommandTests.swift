import Foundation
import TestSupport
import Testing

/// `analyze` with nothing to analyse is an error, not an empty report.
struct AnalyzeCommandTests {
    static let model = DetectorCommandTests.model
    static let image = RepositoryFiles.path(SharedFixtures.baselineImage)

    @Test func nothingToAnalyseIsAnError() throws {
        let folder = try TemporaryFolder()
        try folder.copy(Self.image, to: "images/other.jpg")
        let gt = try folder.write(#"{"images": [{"id": 1, "file_name": "baseline.jpg", "width": 64, "height": 48}], "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [10, 8, 30, 24], "area": 720, "iscrowd": 0}], "categories": [{"id": 1, "name": "square"}]}"#, to: "gt.json")
        // None of the ground truth's images is in the folder.
        let none = try CLIRunner.run(["analyze", "--gt", gt, "--images", folder.file("images"), "--model", Self.model, "--json"])
        #expect(none.status != 0)
        #expect(none.stderr.contains("nothing to analyse") && none.stderr.contains("none of the 1 images of \(gt)"), "\(none.stderr)")
        #expect(none.stdout.isEmpty, "no report: \(none.stdout)")
        // The image is there but no class of the ground truth is one of the model's.
        try folder.copy(Self.image, to: "images/baseline.jpg")
        let unknown = try folder.write(#"{"images": [{"id": 1, "file_name": "baseline.jpg", "width": 64, "height": 48}], "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [10, 8, 30, 24], "area": 720, "iscrowd": 0}], "categories": [{"id": 1, "name": "unicorn"}]}"#, to: "unknown.json")
        let classes = try CLIRunner.run(["analyze", "--gt", unknown, "--images", folder.file("images"), "--model", Self.model])
        #expect(classes.status != 0)
        #expect(classes.stderr.contains("nothing to analyse") && classes.stderr.contains("class"), "\(classes.stderr)")
    }
}
