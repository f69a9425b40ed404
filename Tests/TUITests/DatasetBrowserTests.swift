import Detector
import Evaluation
import Foundation
import Imaging
import Inspection
import TestSupport
import Testing
@testable import TUI

/// The browser's background analysis of the whole list, with ground truth.
@Suite(.serialized)
struct DatasetBrowserTests {
    struct Setup {
        var browser: Browser
        var backend: TestBackend
        var paths: [String]
    }

    /// Three pictures, the first two annotated (two boxes each, from the tiny model's own
    /// detections), the third not listed by the ground truth.
    static func setUp() throws -> Setup {
        let folder = try temporaryDirectory("dhscope-dataset")
        let paths = try (0..<3).map { try TinyModel.writeImage(in: folder, name: "d\($0).png", seed: $0 + 1) }
        let detector = try TinyModel.detector()
        var images: [GroundTruthImage] = []
        for path in paths.prefix(2) {
            let analysis = try detector.analyze(try ImageDecoder().decodeRGB(contentsOf: path))
            let found = try PostProcessor.detections(analysis, variant: .dh, settings: PostProcessSettings(config: detector.config))
            let objects = found.prefix(2).map { GroundTruthObject(className: TinyModel.classNames[$0.label], box: $0.box) }
            images.append(GroundTruthImage(fileName: (path as NSString).lastPathComponent, width: 160, height: 120, objects: objects))
        }
        let truth = GroundTruth(images: images, classNames: TinyModel.classNames)
        let backend = TestBackend(columns: 120, rows: 40)
        let state = AppState(imagePaths: paths, modelName: "tiny", config: detector.config, groundTruth: truth)
        return Setup(browser: Browser(state: state, backend: backend, service: DetectorService(detector: detector)),
                     backend: backend, paths: paths)
    }

    /// Pumps the browser until `condition` holds (or two minutes pass).
    static func pump(_ browser: Browser, until condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            browser.pump()
            if condition() { return true }
            usleep(2000)
        }
        return false
    }

    @Test func theListedImagesAreAnalysedOnceTheFirstIsShown() throws {
        let s = try Self.setUp()
        #expect(s.browser.state.datasetProgress == nil)
        s.browser.loadCurrentImage()
        #expect(s.browser.waitUntilLoaded(timeout: 120))
        #expect(Self.pump(s.browser) { s.browser.state.datasetProgress?.isFinished == true })
        let progress = try #require(s.browser.state.datasetProgress)
        #expect(progress.total == 2, "the image the ground truth does not list is left out")
        #expect(progress.done == 2 && progress.failed == 0)
        s.browser.drawFrame()
        #expect(s.backend.screenText.contains("dataset 2/2"))
    }
}

extension DatasetBrowserTests {
    /// The review arrives from the background queue and equals one built directly from the
    /// same detections; Enter on a confusion member in the pane opens its image and selects it.
    @Test func theReviewArrivesAndAMemberOpensItsImage() throws {
        let s = try Self.setUp()
        s.browser.loadCurrentImage()
        #expect(s.browser.waitUntilLoaded(timeout: 120))
        #expect(Self.pump(s.browser) { s.browser.state.datasetProgress?.isFinished == true && s.browser.state.datasetReview != nil
            && s.browser.state.variantReview?.analysedImages == [0, 1] })
        let state = s.browser.state
        let truth = try #require(state.groundTruth)
        let detections = try #require(state.datasetDetections)
        let direct = DatasetReview(detections: detections, groundTruth: truth, modelClassNames: state.classNames, variants: state.variants)
        let review = try #require(state.datasetReview)
        #expect(review.reviews.map(\.evaluation.report.statsList) == direct.reviews.map(\.evaluation.report.statsList))
        #expect(review.variants == state.variants)

        // The pane: circle → circle is the found objects; pick a member on the second picture.
        s.browser.handle(.key(.character("3")))
        var target: (row: Int, column: Int, member: Int, item: ReviewItem)?
        let reviewed = try #require(state.variantReview)
        search: for row in 0..<state.confusionSize {
            for column in 0..<(state.confusionSize - 1) {
                for (m, item) in reviewed.confusionMembers(row: row, column: column).enumerated() where item.image == 1 {
                    target = (row, column, m, item)
                    break search
                }
            }
        }
        let found = try #require(target, "a member on the second picture")
        for _ in 0..<found.row { s.browser.handle(.key(.character("j"))) }
        for _ in 0..<found.column { s.browser.handle(.key(.character("l"))) }
        s.browser.handle(.key(.enter))
        for _ in 0..<found.member { s.browser.handle(.key(.character("j"))) }
        s.browser.handle(.key(.enter))
        #expect(s.browser.state.datasetPane == nil)
        #expect(s.browser.state.imageIndex == 1)
        #expect(s.browser.waitUntilLoaded(timeout: 120))
        guard case .detection(let n) = found.item.target else { return }
        #expect(s.browser.state.selectedRow?.detection == n)
        s.browser.drawFrame()
        #expect(s.backend.screenText.contains("2/3 d1.png"))
    }
}
