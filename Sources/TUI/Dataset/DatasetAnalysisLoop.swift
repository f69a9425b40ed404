import Detector
import Dispatch
import Foundation
import Inspection
import Store

/// The browser's background analysis of its image list: one image at a time through the
/// ``DetectorService`` at `.prefetch` priority, so any interactive request goes first (a
/// superseded image goes back to the end of the queue), every variant post-processed on a
/// background queue. Images whose detections are already known (``knownDetections``, e.g. a
/// store on disk) skip the network. The next image is looked up, decoded and prepared while
/// the network runs on the current one (``PendingPreparation``).
///
/// Lives on the browser's thread: ``start()`` and ``receive(_:)`` are called there; results
/// come back through the `deliver` closure given at creation (from a background queue).
public final class DatasetAnalysisLoop {
    /// One image's detections, per head variant.
    public typealias Detections = [HeadVariant: [Detection]]

    /// What became of one image.
    public struct Result: Sendable {
        /// How the image ended.
        public enum Outcome: Sendable {
            /// Its detections, and where they came from: only the network's count in the speed.
            case detections(Detections, source: Source)
            /// The image could not be read or analysed.
            case failed(String)
            /// An interactive request superseded it: asked again later.
            case superseded
        }

        /// Where an image's detections came from.
        public enum Source: Sendable {
            /// The network ran for them.
            case network
            /// The detector service had the analysis (the image shown, or its archive).
            case cache
            /// ``DatasetAnalysisLoop/knownDetections`` knew them (the store's entries).
            case known
        }

        /// The image: its index in the list.
        public var index: Int
        public var outcome: Outcome
    }

    /// The browser's list; indices refer to it.
    public let imagePaths: [String]
    /// The variants post-processed for every image.
    public let variants: [HeadVariant]
    /// Post-processing as the browser runs it (the evaluation's score threshold).
    public let settings: PostProcessSettings
    /// The detections of image `i` when they are known without running the network (read on
    /// a background queue); nil (the default) runs the network.
    public var knownDetections: @Sendable (Int) -> Detections? = { _ in nil }
    /// Called on a background queue with the detections of each image the network analysed
    /// (for a store to keep them).
    public var didAnalyse: @Sendable (Int, Detections) -> Void = { _, _ in }
    /// Whether the next image is read and prepared while the network runs on the current
    /// one (the benchmark turns it off to compare).
    public var preparesAhead = true

    /// The detections known so far (what ``DatasetReview`` is built from).
    public private(set) var detections: DatasetDetections
    /// Results received since ``takeNews()`` was last called.
    public private(set) var news = 0

    private let service: DetectorService
    private let deliver: @Sendable (Result) -> Void
    private let workQueue = DispatchQueue(label: "dhscope.tui.dataset", qos: .utility)
    /// Where the next image is read and prepared, beside the network's queue.
    private let prepareQueue = DispatchQueue(label: "dhscope.tui.dataset.prepare", qos: .utility)
    /// The next image, being prepared; used if it is the next one asked for.
    private var pending: PendingPreparation?
    private var waiting: [Int]
    private let total: Int
    private var failures = 0
    private var inFlight: Int?
    private var startTime: Date?
    private var analysed = 0
    /// Images whose detections ``knownDetections`` knew (the store).
    private var known = 0

    /// A loop over the images at `indices` of `imagePaths` (in that order), each post-processed
    /// for `variants` with `settings`; `deliver` is called from a background queue with each
    /// result, which the owner hands back to ``receive(_:)`` on its thread.
    public init(imagePaths: [String], indices: [Int], variants: [HeadVariant], settings: PostProcessSettings,
                service: DetectorService, deliver: @escaping @Sendable (Result) -> Void) {
        self.imagePaths = imagePaths
        let valid = indices.filter { imagePaths.indices.contains($0) }
        waiting = valid
        total = valid.count
        self.variants = variants
        self.settings = settings
        self.service = service
        self.deliver = deliver
        detections = DatasetDetections(imagePaths: imagePaths)
    }

    /// Whether ``start()`` was called.
    public var isStarted: Bool { startTime != nil }

    /// Whether every image is done (analysed, known or failed).
    public var isFinished: Bool { waiting.isEmpty && inFlight == nil }

    /// Starts with the first image (once).
    public func start(now: Date = Date()) {
        guard startTime == nil else { return }
        startTime = now
        requestNext()
    }

    /// Takes one result (on the owner's thread) and asks for the next image.
    public func receive(_ result: Result, now: Date = Date()) {
        guard result.index == inFlight else { return }
        inFlight = nil
        switch result.outcome {
        case .detections(let found, let source):
            for (variant, list) in found {
                detections.setDetections(list, ofImage: result.index, variant: variant)
            }
            switch source {
            case .network: analysed += 1
            case .known: known += 1
            case .cache: break
            }
            news += 1
        case .failed:
            failures += 1
            news += 1
        case .superseded:
            waiting.append(result.index)
        }
        requestNext()
    }

    /// How many results arrived since the last call, and resets the count.
    public func takeNews() -> Int {
        defer { news = 0 }
        return news
    }

    /// Images done and to do, and the speed so far.
    public func progress(now: Date = Date()) -> DatasetProgress {
        var rate: Double?
        if let startTime, analysed > 0 {
            let elapsed = now.timeIntervalSince(startTime)
            if elapsed > 0 { rate = Double(analysed) / elapsed }
        }
        return DatasetProgress(done: total - waiting.count - (inFlight == nil ? 0 : 1), total: total, fromStore: known,
                               failed: failures, imagesPerSecond: rate)
    }

    private func requestNext() {
        guard inFlight == nil, !waiting.isEmpty else { return }
        let index = waiting.removeFirst()
        inFlight = index
        let path = imagePaths[index]
        let (variants, settings, service, deliver) = (self.variants, self.settings, self.service, self.deliver)
        let (known, remember, queue) = (knownDetections, didAnalyse, workQueue)
        let ready = pending?.index == index ? pending : nil
        pending = waiting.first.flatMap { next in
            guard preparesAhead else { return nil }
            return PendingPreparation(index: next, path: imagePaths[next], detector: service.detector, queue: prepareQueue,
                                      known: known)
        }
        workQueue.async {
            var prepared: PreparedInput?
            switch ready?.wait() {
            case .known(let found)?:
                deliver(Result(index: index, outcome: .detections(found, source: .known)))
                return
            case .prepared(let input)?:
                prepared = input
            case .unprepared?:
                break
            case nil:
                if let found = known(index) {
                    deliver(Result(index: index, outcome: .detections(found, source: .known)))
                    return
                }
            }
            service.analyze(imageAt: path, prepared: prepared, priority: .prefetch, deliveryQueue: queue) { event in
                switch event {
                case .progress:
                    return
                case .finished(let analysis, let cached):
                    var found: Detections = [:]
                    for variant in variants {
                        if let list = try? PostProcessor.detections(analysis, variant: variant, settings: settings) {
                            found[variant] = list
                        }
                    }
                    remember(index, found)
                    deliver(Result(index: index, outcome: .detections(found, source: cached ? .cache : .network)))
                case .failed(let error):
                    deliver(Result(index: index, outcome: .failed("\(error)")))
                case .cancelled:
                    deliver(Result(index: index, outcome: .superseded))
                }
            }
        }
    }
}
