import Detector
import Foundation
import TestSupport
import Evaluation
import Inspection
import Testing

/// eval --images as a library call, on the tiny formula-weights model whose PyTorch
/// reference detections are committed (Tests/Fixtures/tiny).
struct DetectorEvaluationRunTests {
    static let model = RepositoryFiles.path(SharedFixtures.tinyModel)
    static let image = RepositoryFiles.path(SharedFixtures.baselineImage)

    struct Reference: Decodable {
        struct Detection: Decodable {
            var box: [Double]
            var score: Double
            var label: Int
        }
        var detections: [String: [Detection]]
    }

    @Test func resultsAreTheReferenceDetectionsWithTheDatasetsIds() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("images"), withIntermediateDirectories: true)
        let listed = dir.appendingPathComponent("images/baseline.jpg").path
        let unlisted = dir.appendingPathComponent("images/unlisted.jpg").path
        try FileManager.default.copyItem(atPath: Self.image, toPath: listed)
        try FileManager.default.copyItem(atPath: Self.image, toPath: unlisted)
        // Category names that match the model's (circle, square, triangle) only after normalising.
        let gt = try write(#"{"images": [{"id": 42, "file_name": "baseline.jpg", "width": 64, "height": 48}], "annotations": [{"id": 1, "image_id": 42, "category_id": 9, "bbox": [10, 8, 30, 24], "area": 720, "iscrowd": 0}], "categories": [{"id": 7, "name": "Circle"}, {"id": 9, "name": "SQUARE"}, {"id": 11, "name": "tri-angle"}]}"#,
                           to: "gt.json", in: dir)
        let detector = try ModelLoader.load(path: Self.model)
        var warnings: [String] = []
        var progress: [Int] = []
        let outcome = try DetectorEvaluationRun(groundTruthPath: gt, variants: [.dh, .fc], tide: true)
            .run(detector: detector, imageFiles: [listed, unlisted], progress: { state, _ in progress.append(state.done) },
                 warn: { warnings.append($0) })
        #expect(warnings == ["\(unlisted): not in \(gt) (images are matched by file name); skipped"])
        #expect(progress == [1])
        #expect(outcome.imagesEvaluated == 1 && outcome.imagesListed == 1 && !outcome.interrupted && outcome.failures.isEmpty)
        #expect(outcome.reports.map(\.name) == ["dh", "fc"])
        // "tri-angle" is not "triangle": that class has no category and its detections are left out.
        #expect(outcome.classes.unmappedModelNames == ["triangle"])
        let data = try Data(contentsOf: RepositoryFiles.url(SharedFixtures.tinyReference))
        let reference = try JSONDecoder().decode(Reference.self, from: data)
        let ids = [0: 7, 1: 9]
        for (variant, detections) in outcome.results {
            let expected = (reference.detections[variant.rawValue] ?? []).filter { ids[$0.label] != nil }
            #expect(detections.count == expected.count && !expected.isEmpty, "\(variant)")
            for (got, want) in zip(detections, expected) {
                #expect(got.imageID == 42 && got.categoryID == ids[want.label])
                #expect(abs(got.score - want.score) <= 1e-4)
                let box = [got.bbox.x, got.bbox.y, got.bbox.x + got.bbox.width, got.bbox.y + got.bbox.height]
                #expect(zip(box, want.box).allSatisfy { abs($0 - $1) <= 1e-2 }, "\(box) vs \(want.box)")
            }
        }
    }

    @Test func groundTruthListingNoneOfTheImagesIsAnError() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let gt = try write(#"{"images": [{"id": 1, "file_name": "other.jpg", "width": 64, "height": 48}], "annotations": [], "categories": [{"id": 1, "name": "circle"}]}"#,
                           to: "gt.json", in: dir)
        let detector = try ModelLoader.load(path: Self.model)
        #expect(throws: DetectorEvaluationError.noListedImages(groundTruth: gt, imageCount: 1)) {
            _ = try DetectorEvaluationRun(groundTruthPath: gt, variants: [.dh], tide: false).run(detector: detector, imageFiles: [Self.image])
        }
    }
}
