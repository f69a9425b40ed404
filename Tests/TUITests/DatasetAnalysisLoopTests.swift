import Dispatch
import Foundation
import Imaging
import TestSupport
import Testing
@testable import Detector
@testable import TUI
import Store

/// Results a loop delivered, collected from its background queue.
private final class Deliveries: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [DatasetAnalysisLoop.Result] = []
    let arrived = DispatchSemaphore(value: 0)

    func post(_ result: DatasetAnalysisLoop.Result) {
        lock.withLock { results.append(result) }
        arrived.signal()
    }

    /// The next result, waiting for it.
    func next() -> DatasetAnalysisLoop.Result? {
        guard arrived.wait(timeout: .now() + 120) == .success else { return nil }
        return lock.withLock { results.removeFirst() }
    }
}

@Suite(.serialized)
struct DatasetAnalysisLoopTests {
    /// Every listed image once, every variant post-processed as the browser does; images a
    /// store already knows skip the network; progress counts them all.
    @Test func everyImageIsPostProcessedForEveryVariant() throws {
        let folder = try temporaryDirectory("dhscope-dataset")
        let paths = try (0..<3).map { try TinyModel.writeImage(in: folder, name: "i\($0).png", seed: $0 + 1) }
        let detector = try TinyModel.detector()
        let service = DetectorService(detector: detector)
        let variants = HeadVariant.available(for: detector.config)
        let settings = PostProcessSettings(config: detector.config)
        let deliveries = Deliveries()
        let stored: DatasetAnalysisLoop.Detections = [.fc: []]
        let loop = DatasetAnalysisLoop(imagePaths: paths, indices: [2, 0], variants: variants, settings: settings,
                                       service: service) { deliveries.post($0) }
        loop.knownDetections = { $0 == 0 ? stored : nil }
        #expect(loop.progress().done == 0 && loop.progress().total == 2 && !loop.isStarted)
        loop.start()
        var order: [Int] = []
        while !loop.isFinished, let result = deliveries.next() {
            order.append(result.index)
            loop.receive(result)
        }
        #expect(order == [2, 0])
        let analysis = try detector.analyze(try ImageDecoder().decodeRGB(contentsOf: paths[2]))
        for variant in variants {
            #expect(loop.detections.detections(ofImage: 2, variant: variant)
                == (try PostProcessor.detections(analysis, variant: variant, settings: settings)))
        }
        #expect(loop.detections.detections(ofImage: 0, variant: .fc) == [], "the store's detections, not the network's")
        #expect(loop.detections.detections(ofImage: 0, variant: .dh) == nil)
        #expect(loop.detections.detections(ofImage: 1, variant: .fc) == nil, "not asked for")
        let progress = loop.progress()
        #expect(progress.done == 2 && progress.total == 2 && progress.isFinished && progress.failed == 0)
        #expect(progress.fromStore == 1 && progress.text == "2/2 · 1 from store")
        #expect(loop.takeNews() == 2 && loop.takeNews() == 0)
    }

    /// Every image after the first is read and prepared while the network runs on the one
    /// before (``PendingPreparation``); each image's detections are still exactly those of
    /// decoding and analysing it alone, and a known image in between still skips the network.
    @Test func imagesPreparedAheadGiveTheSameDetections() throws {
        let folder = try temporaryDirectory("dhscope-dataset")
        let paths = try (0..<4).map { try TinyModel.writeImage(in: folder, name: "p\($0).png", seed: $0 + 5) }
        let detector = try TinyModel.detector()
        let service = DetectorService(detector: detector)
        let variants = HeadVariant.available(for: detector.config)
        let settings = PostProcessSettings(config: detector.config)
        let deliveries = Deliveries()
        let loop = DatasetAnalysisLoop(imagePaths: paths, indices: [0, 1, 2, 3], variants: variants, settings: settings,
                                       service: service) { deliveries.post($0) }
        loop.knownDetections = { $0 == 2 ? [.fc: []] : nil }
        loop.start()
        var sources: [Int: String] = [:]
        while !loop.isFinished, let result = deliveries.next() {
            if case .detections(_, let source) = result.outcome { sources[result.index] = "\(source)" }
            loop.receive(result)
        }
        #expect(sources == [0: "network", 1: "network", 2: "known", 3: "network"])
        for index in [0, 1, 3] {
            let analysis = try detector.analyze(try ImageDecoder().decodeRGB(contentsOf: paths[index]))
            for variant in variants {
                #expect(loop.detections.detections(ofImage: index, variant: variant)
                    == (try PostProcessor.detections(analysis, variant: variant, settings: settings)), "image \(index)")
            }
        }
        #expect(loop.detections.detections(ofImage: 2, variant: .fc) == [])
    }

    /// An interactive request supersedes the loop's prefetch; the image is asked for again
    /// later and the loop still finishes with it.
    @Test func aSupersededImageIsAskedForAgain() throws {
        let folder = try temporaryDirectory("dhscope-dataset")
        let paths = try (0..<2).map { try TinyModel.writeImage(in: folder, name: "s\($0).png", seed: $0 + 1) }
        let detector = try TinyModel.detector()
        let service = DetectorService(detector: detector)
        let deliveries = Deliveries()
        let loop = DatasetAnalysisLoop(imagePaths: paths, indices: [0, 1], variants: [.dh], settings: PostProcessSettings(config: detector.config),
                                       service: service) { deliveries.post($0) }
        // Hold the loop's first request inside the backbone, then ask for image 1 interactively.
        let entered = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        service.stageObserver = { stage in
            if stage == .backbone { entered.signal(); release.wait() }
        }
        loop.start()
        #expect(entered.wait(timeout: .now() + 120) == .success)
        service.stageObserver = nil
        let interactive = DispatchSemaphore(value: 0)
        service.analyze(imageAt: paths[1], priority: .interactive, deliveryQueue: DispatchQueue(label: "test")) { event in
            if case .finished = event { interactive.signal() }
        }
        release.signal()
        var outcomes: [String] = []
        while !loop.isFinished, let result = deliveries.next() {
            switch result.outcome {
            case .superseded: outcomes.append("superseded \(result.index)")
            case .detections(_, let source): outcomes.append("\(source == .network ? "analysed" : "known") \(result.index)")
            case .failed(let reason): outcomes.append("failed \(result.index): \(reason)")
            }
            loop.receive(result)
        }
        #expect(interactive.wait(timeout: .now() + 120) == .success)
        // Image 0 went back to the end of the queue; image 1 came from the service's cache.
        #expect(outcomes == ["superseded 0", "known 1", "analysed 0"] || outcomes == ["superseded 0", "analysed 1", "analysed 0"],
                "\(outcomes)")
        #expect(outcomes.first == "superseded 0" && outcomes.last == "analysed 0")
        #expect(loop.detections.analysedImages(variant: .dh) == [0, 1])
    }

    @Test func aFailedImageCountsAsDone() throws {
        let folder = try temporaryDirectory("dhscope-dataset")
        let broken = folder.appendingPathComponent("broken.png").path
        try Data("not a png".utf8).write(to: URL(fileURLWithPath: broken))
        let detector = try TinyModel.detector()
        let deliveries = Deliveries()
        let loop = DatasetAnalysisLoop(imagePaths: [broken], indices: [0], variants: [.dh], settings: PostProcessSettings(config: detector.config),
                                       service: DetectorService(detector: detector)) { deliveries.post($0) }
        loop.start()
        let result = try #require(deliveries.next())
        loop.receive(result)
        #expect(loop.isFinished && loop.detections.analysedImages(variant: .dh).isEmpty)
        #expect(loop.progress().text == "1/1 · 1 failed")
    }

    @Test func progressTellsSpeedAndTimeLeft() {
        let progress = DatasetProgress(done: 10, total: 40, imagesPerSecond: 2)
        #expect(progress.secondsLeft == 15)
        #expect(progress.text == "10/40 · 2.0 img/s · 0:15 left")
        #expect(DatasetProgress(done: 0, total: 9000, imagesPerSecond: 2).text.hasSuffix("1:15:00 left"))
        #expect(DatasetProgress(done: 40, total: 40, imagesPerSecond: 2).secondsLeft == nil)
    }

    @Test func reviewsAreRebuiltAtMostEveryIntervalAndAtTheEnd() {
        var schedule = ReviewSchedule(interval: 2)
        let t0 = Date(timeIntervalSince1970: 0)
        #expect(!schedule.isDue(now: t0, analysisFinished: false), "nothing new")
        schedule.add(1)
        #expect(schedule.isDue(now: t0, analysisFinished: false), "the first results at once")
        schedule.started(now: t0)
        schedule.add(3)
        #expect(!schedule.isDue(now: t0 + 5, analysisFinished: true), "never two builds at once")
        schedule.finished(duration: 0.5)
        #expect(!schedule.isDue(now: t0 + 1, analysisFinished: false))
        #expect(schedule.isDue(now: t0 + 2, analysisFinished: false))
        #expect(schedule.isDue(now: t0 + 1, analysisFinished: true), "the end at once")
        schedule.started(now: t0 + 2)
        schedule.finished(duration: 3)
        schedule.add(1)
        #expect(!schedule.isDue(now: t0 + 6, analysisFinished: false), "twice a slow build's time")
        #expect(schedule.isDue(now: t0 + 8, analysisFinished: false))
    }
}
