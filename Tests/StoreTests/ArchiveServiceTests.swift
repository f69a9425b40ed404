import Compute
import Detector
import Dispatch
import Foundation
import Imaging
import TestSupport
import Testing
@testable import Store

/// The detector service with the store as its archive: what the browser does on reopening a
/// dataset.
@Suite(.serialized)
struct ArchiveServiceTests {
    static let model = RepositoryFiles.path(SharedFixtures.tinyModel)

    final class Outcome: @unchecked Sendable {
        private let lock = NSLock()
        var analysis: RawAnalysis?
        var cached = false
        var stages = 0
        let done = DispatchSemaphore(value: 0)
        func record(_ event: DetectorService.Event) {
            let final = lock.withLock { () -> Bool in
                switch event {
                case .progress: stages += 1; return false
                case .finished(let a, let c): analysis = a; cached = c
                default: break
                }
                return true
            }
            if final { done.signal() }
        }
    }

    static func analyse(_ service: DetectorService, _ path: String) -> Outcome {
        let outcome = Outcome()
        service.analyze(imageAt: path, deliveryQueue: DispatchQueue(label: "test")) { outcome.record($0) }
        _ = outcome.done.wait(timeout: .now() + 120)
        return outcome
    }

    @Test func aNewServiceReadsWhatAnEarlierOneKept() throws {
        let folder = try TemporaryFolder("dhscope-archive")
        let image = try folder.copy(RepositoryFiles.path(SharedFixtures.baselineImage), to: "a.jpg")
        let detector = try ModelLoader.load(path: Self.model)
        let settings = PostProcessSettings(config: detector.config)
        func shelf() throws -> ModelShelf {
            try ModelShelf(store: try AnalysisStore.open(at: folder.file("store")), modelPath: Self.model,
                           classNames: detector.config.classNames, settings: settings)
        }
        let first = Self.analyse(DetectorService(detector: detector, archive: try shelf()), image)
        #expect(!first.cached && first.stages > 0)
        let kept = try #require(first.analysis)

        // A new process (service) with the same store: no stage runs, the same analysis.
        let second = Self.analyse(DetectorService(detector: detector, archive: try shelf()), image)
        #expect(second.cached && second.stages == 0)
        let again = try #require(second.analysis)
        #expect(again.fcScores == kept.fcScores && again.convDeltas == kept.convDeltas && again.proposals == kept.proposals)
        for variant in again.availableVariants {
            #expect(try PostProcessor.detections(again, variant: variant, settings: settings)
                    == PostProcessor.detections(kept, variant: variant, settings: settings))
        }
        // What the dataset views read without inflating the analysis.
        let detections = try #require(try shelf().detections(forImageAt: image))
        for variant in again.availableVariants {
            #expect(detections[variant] == (try PostProcessor.detections(kept, variant: variant, settings: settings)))
        }

        // The same picture with other bytes is another image: analysed again.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: image))
        bytes.append(0)
        try bytes.write(to: URL(fileURLWithPath: folder.file("b.jpg")))
        let third = Self.analyse(DetectorService(detector: detector, archive: try shelf()), folder.file("b.jpg"))
        #expect(!third.cached && third.stages > 0)
    }
}
