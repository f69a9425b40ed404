import Compute
import Dispatch
import Foundation
import Imaging
import TestSupport
import Testing
@testable import Detector

/// Collects a request's events in order.
final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [String] = []
    let done = DispatchSemaphore(value: 0)

    func record(_ event: DetectorService.Event) {
        let name: String
        var final = true
        switch event {
        case .progress(let stage): name = "progress:\(stage.rawValue)"; final = false
        case .finished(_, let cached): name = cached ? "cached" : "finished"
        case .failed(let error): name = "failed:\(error)"
        case .cancelled: name = "cancelled"
        }
        lock.withLock { events.append(name) }
        if final { done.signal() }
    }

    var all: [String] { lock.withLock { events } }
    var last: String? { all.last }
}

/// The analysis a request finished with, set from the delivery queue.
final class AnalysisBox: @unchecked Sendable {
    private let lock = NSLock()
    private var analysis: RawAnalysis?
    func set(_ value: RawAnalysis) { lock.withLock { analysis = value } }
    var value: RawAnalysis? { lock.withLock { analysis } }
}

@Suite(.serialized)
struct DetectorServiceTests {
    /// A tiny model with formula weights: fast enough for unit tests.
    static func tinyService() throws -> DetectorService {
        var config = ModelConfig()
        config.depth = 18
        config.baseWidth = 8
        config.fpnChannels = 16
        config.rpnFeatChannels = 16
        config.numClasses = 3
        config.convOutChannels = 32
        config.fcOutChannels = 32
        config.numConvs = 1
        config.withConvCls = true
        config.withFcReg = true
        config.testScale = [128, 96]
        config.rpnMaxPerImage = 50
        return DetectorService(detector: try DoubleHeadDetector(config: config, weights: FormulaWeights(config: config)))
    }

    static func writeImage(_ name: String, seed: Int) throws -> String {
        var image = RGBImage(width: 80, height: 60)
        for i in 0..<image.pixels.count { image.pixels[i] = UInt8((i * 31 + seed * 17) % 251) }
        let path = try temporaryDirectory("dhscope-svc").appendingPathComponent("\(name).png").path
        try PNGEncoder.write(image, to: path)
        return path
    }

    /// An input prepared beforehand (while another image ran) gives the same analysis, with
    /// the same stages reported, as the service decoding the file itself.
    @Test func aPreparedInputGivesTheSameAnalysis() throws {
        let path = try Self.writeImage("prepared", seed: 4)
        func run(_ service: DetectorService, prepared: PreparedInput?) throws -> (RawAnalysis?, [String]) {
            let log = EventLog()
            let box = AnalysisBox()
            service.analyze(imageAt: path, prepared: prepared, deliveryQueue: DispatchQueue(label: "t")) { event in
                if case .finished(let analysis, _) = event { box.set(analysis) }
                log.record(event)
            }
            #expect(log.done.wait(timeout: .now() + 120) == .success)
            return (box.value, log.all)
        }
        let service = try Self.tinyService(), other = try Self.tinyService()
        let input = service.detector.prepare(try ImageDecoder().decodeRGB(contentsOf: path))
        let (ahead, aheadEvents) = try run(service, prepared: input)
        let (decoded, decodedEvents) = try run(other, prepared: nil)
        let a = try #require(ahead), b = try #require(decoded)
        #expect(a.proposals == b.proposals)
        #expect(a.fcScores == b.fcScores && a.convDeltas == b.convDeltas)
        #expect(aheadEvents == decodedEvents && aheadEvents.last == "finished")
    }

    @Test func aNewerRequestCancelsStaleWorkAndCachedAnswersDoNotWait() throws {
        let service = try Self.tinyService()
        let (a, b) = (try Self.writeImage("a", seed: 1), try Self.writeImage("b", seed: 2))
        defer { try? FileManager.default.removeItem(atPath: a); try? FileManager.default.removeItem(atPath: b) }
        let delivery = DispatchQueue(label: "test.delivery")

        // Fill the cache with B first.
        let warm = EventLog()
        service.analyze(imageAt: b, deliveryQueue: delivery) { warm.record($0) }
        #expect(warm.done.wait(timeout: .now() + 60) == .success)
        #expect(warm.last == "finished")

        // Hold request A inside its backbone stage.
        let entered = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        service.stageObserver = { stage in
            if stage == .backbone { entered.signal(); release.wait() }
        }
        let first = EventLog()
        service.analyze(imageAt: a, deliveryQueue: delivery) { first.record($0) }
        #expect(entered.wait(timeout: .now() + 60) == .success)

        // While A runs, a request for the cached image B is answered at once.
        let second = EventLog()
        service.analyze(imageAt: b, deliveryQueue: delivery) { second.record($0) }
        #expect(second.done.wait(timeout: .now() + 10) == .success, "the cached answer did not wait for the running job")
        #expect(second.last == "cached")

        // That interactive request made A stale: A stops at its next stage.
        service.stageObserver = nil
        release.signal()
        #expect(first.done.wait(timeout: .now() + 60) == .success)
        #expect(first.last == "cancelled")
        #expect(first.all.contains("progress:backbone"))
        #expect(!first.all.contains("progress:conv-head"), "stale work went on to the head")
        #expect(service.cachedAnalysis(imageAt: a) == nil)
    }

    @Test func prefetchIsSupersededButDoesNotSupersede() throws {
        let service = try Self.tinyService()
        let (a, b) = (try Self.writeImage("a", seed: 3), try Self.writeImage("b", seed: 4))
        defer { try? FileManager.default.removeItem(atPath: a); try? FileManager.default.removeItem(atPath: b) }
        let delivery = DispatchQueue(label: "test.delivery")
        let entered = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        service.stageObserver = { stage in
            if stage == .preprocess { entered.signal(); release.wait() }
        }
        let interactive = EventLog(), prefetch = EventLog()
        service.analyze(imageAt: a, deliveryQueue: delivery) { interactive.record($0) }
        #expect(entered.wait(timeout: .now() + 60) == .success)
        service.analyze(imageAt: b, priority: .prefetch, deliveryQueue: delivery) { prefetch.record($0) }
        service.stageObserver = nil
        release.signal()
        #expect(interactive.done.wait(timeout: .now() + 60) == .success)
        #expect(prefetch.done.wait(timeout: .now() + 60) == .success)
        #expect(interactive.last == "finished", "a prefetch must not cancel the image on screen")
        #expect(prefetch.last == "finished")
        #expect(service.cachedAnalysis(imageAt: b) != nil, "the prefetched analysis is cached")
    }

    @Test func unreadableImagesFailWithTheirError() throws {
        let service = try Self.tinyService()
        let log = EventLog()
        service.analyze(imageAt: "/nonexistent/picture.png", deliveryQueue: DispatchQueue(label: "t")) { log.record($0) }
        #expect(log.done.wait(timeout: .now() + 30) == .success)
        #expect(log.last?.hasPrefix("failed:") == true && log.last?.contains("picture.png") == true)
    }
}
