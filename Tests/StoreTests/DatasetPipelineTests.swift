import Detector
import Foundation
import Imaging
import Store
import TestSupport
import Testing

/// A folder through `DatasetAnalysis` with the next image prepared while the network runs:
/// the same detections as one image at a time, in order, bad files reported and passed.
@Suite(.serialized)
struct DatasetPipelineTests {
    static let model = RepositoryFiles.path("Samples/models/shapes-dh-ext.safetensors")
    /// Sample images of both kinds: synthetic scenes and photos of other sizes.
    static let images = ["shapes_s3_00000.png", "coffee.png", "shapes_s3_00001.png", "chelsea.png"]
        .map { RepositoryFiles.path("Samples/images/\($0)") }

    /// What the detector finds in `path` on its own: decoded, analysed, post-processed.
    static func alone(_ path: String, _ detector: DoubleHeadDetector, _ settings: PostProcessSettings) throws -> [HeadVariant: [Detection]] {
        let analysis = try detector.analyze(try ImageDecoder().decodeRGB(contentsOf: path))
        return EntryCodec.detections(of: analysis, settings: settings)
    }

    @Test func pipelinedRunGivesTheDetectionsOfEachImageAlone() throws {
        let detector = try ModelLoader.load(path: Self.model)
        let settings = PostProcessSettings(config: detector.config)
        let run = DatasetAnalysis(detector: detector, shelf: nil, settings: settings)
        var order: [String] = []
        let pipelined = run.run(files: Self.images, lookahead: 2, progress: { _, file in order.append(file) })
        let sequential = run.run(files: Self.images, lookahead: 0)
        #expect(order == Self.images)
        #expect(pipelined.failures.isEmpty && sequential.failures.isEmpty)
        for path in Self.images {
            let expected = try Self.alone(path, detector, settings)
            #expect(!expected.isEmpty)
            #expect(pipelined.summaries[path]?.detections == expected, "\(path)")
            #expect(sequential.summaries[path]?.detections == expected, "\(path)")
        }
        #expect(pipelined.progress.done == Self.images.count && pipelined.progress.imagesPerSecond != nil)
    }

    @Test func aCorruptImageInTheMiddleIsReportedByNameAndTheRunGoesOn() throws {
        let folder = try TemporaryFolder("dhscope-pipeline")
        let first = try folder.copy(Self.images[0], to: "a.png")
        // A PNG signature and then nothing a decoder can use.
        let corrupt = folder.file("b-corrupt.png")
        try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: UInt8(7), count: 64))
            .write(to: URL(fileURLWithPath: corrupt))
        let last = try folder.copy(Self.images[2], to: "c.png")
        let detector = try ModelLoader.load(path: Self.model)
        let settings = PostProcessSettings(config: detector.config)
        var order: [String] = []
        let outcome = DatasetAnalysis(detector: detector, shelf: nil, settings: settings)
            .run(files: [first, corrupt, last], lookahead: 1, progress: { _, file in order.append(file) })
        #expect(order == [first, corrupt, last])
        #expect(outcome.failures.count == 1)
        #expect(outcome.failures.first?.contains("b-corrupt.png") == true, "\(outcome.failures)")
        #expect(outcome.progress.failed == 1 && !outcome.interrupted)
        #expect(outcome.summaries[first]?.detections == (try Self.alone(first, detector, settings)))
        #expect(outcome.summaries[last]?.detections == (try Self.alone(last, detector, settings)))
        #expect(outcome.summaries[corrupt] == nil)
    }

    /// Ctrl-C after the first image: the run stops, says so, and the store keeps that image.
    @Test func cancellingKeepsWhatIsDone() throws {
        let folder = try TemporaryFolder("dhscope-pipeline")
        let detector = try ModelLoader.load(path: Self.model)
        let settings = PostProcessSettings(config: detector.config)
        let shelf = try ModelShelf(store: try AnalysisStore.open(at: folder.file("store")), modelPath: Self.model,
                                   classNames: detector.config.classNames, settings: settings)
        let stop = Flag()
        let outcome = DatasetAnalysis(detector: detector, shelf: shelf, settings: settings)
            .run(files: Self.images, lookahead: 2, isCancelled: { stop.isSet }, progress: { _, _ in stop.set() })
        #expect(outcome.interrupted)
        #expect(outcome.progress.done == 1 && outcome.summaries.count == 1)
        let key = try #require(shelf.key(forImageAt: Self.images[0]))
        #expect(shelf.summary(image: key)?.detections == outcome.summaries[Self.images[0]]?.detections)
        for path in Self.images.dropFirst() {
            let other = try #require(shelf.key(forImageAt: path))
            #expect(shelf.summary(image: other) == nil, "\(path) was not done")
        }
    }

    final class Flag: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false
        var isSet: Bool { lock.withLock { value } }
        func set() { lock.withLock { value = true } }
    }
}
