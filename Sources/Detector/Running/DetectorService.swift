import Compute
import Dispatch
import Foundation
import Imaging

/// Runs the detector on a serial background queue so callers (the TUI) never wait:
/// requests return at once, progress and results arrive on the queue the caller picks,
/// a newer request makes stale work stop at its next stage, and results are cached per
/// (image file, model).
public final class DetectorService: @unchecked Sendable {
    /// What a request reports.
    public enum Event: Sendable {
        /// A stage started.
        case progress(DetectorStage)
        /// The analysis, from the cache or freshly computed.
        case finished(RawAnalysis, cached: Bool)
        /// The image could not be read, or the analysis failed.
        case failed(Error)
        /// A newer request superseded this one before it finished.
        case cancelled
    }

    /// How urgent a request is. Interactive requests supersede everything queued or running;
    /// prefetches supersede nothing and are themselves superseded by any interactive request.
    public enum Priority: Sendable { case interactive, prefetch }

    public let detector: DoubleHeadDetector
    /// Identifies the model in cache keys.
    public let modelID: String
    /// How many analyses are kept (least recently used are dropped).
    public let cacheLimit: Int
    /// Analyses kept on disk between runs (RPN proposals only; given proposals are not kept).
    public let archive: (any AnalysisArchive)?

    private let queue = DispatchQueue(label: "dhscope.detector", qos: .userInitiated)
    /// Called on the worker thread as each stage starts (tests hold a stage here).
    nonisolated(unsafe) var stageObserver: (@Sendable (DetectorStage) -> Void)?
    private let lock = NSLock()
    private var generation: UInt64 = 0
    private var cache: [CacheKey: RawAnalysis] = [:]
    private var recency: [CacheKey] = []

    private struct CacheKey: Hashable {
        var path: String
        var size: UInt64
        var modified: Double
        var proposals: [Box]?
    }

    public init(detector: DoubleHeadDetector, modelID: String? = nil, cacheLimit: Int = 32, archive: (any AnalysisArchive)? = nil) {
        self.detector = detector
        self.archive = archive
        self.modelID = modelID ?? detector.source
        self.cacheLimit = max(1, cacheLimit)
    }

    /// Asks for the analysis of the image at `path`; returns immediately. `handler` is called
    /// on `deliveryQueue` with progress and exactly one final event. `prepared`, the detector's
    /// ``DoubleHeadDetector/prepare(_:)`` of that file made beforehand (while another image's
    /// network ran), spares decoding and preparing it here; the cache and archive come first.
    public func analyze(imageAt path: String, prepared: PreparedInput? = nil, proposals: [Box]? = nil,
                        priority: Priority = .interactive,
                        deliveryQueue: DispatchQueue, handler: @escaping @Sendable (Event) -> Void) {
        let key = Self.key(path: path, proposals: proposals)
        let ticket: UInt64 = lock.withLock {
            if priority == .interactive { generation &+= 1 }
            return generation
        }
        if let key, let hit = cachedAnalysis(for: key) {
            deliveryQueue.async { handler(.finished(hit, cached: true)) }
            return
        }
        queue.async { [self] in
            let stale = { self.lock.withLock { self.generation != ticket } }
            if stale() {
                deliveryQueue.async { handler(.cancelled) }
                return
            }
            // Another request may have computed it meanwhile.
            if let key, let hit = cachedAnalysis(for: key) {
                deliveryQueue.async { handler(.finished(hit, cached: true)) }
                return
            }
            if proposals == nil, let kept = archive?.analysis(forImageAt: path) {
                if let key { store(kept, for: key) }
                deliveryQueue.async { handler(.finished(kept, cached: true)) }
                return
            }
            do {
                let observer = stageObserver
                let progress = { (stage: DetectorStage) in
                    observer?(stage)
                    deliveryQueue.async { handler(.progress(stage)) }
                }
                let computed: RawAnalysis
                if let prepared {
                    progress(.preprocess)
                    computed = try detector.analyze(prepared, givenProposals: proposals, progress: progress, isCancelled: stale)
                } else {
                    let image = try ImageDecoder().decodeRGB(contentsOf: path)
                    computed = try detector.analyze(image, givenProposals: proposals, progress: progress, isCancelled: stale)
                }
                let analysis = proposals == nil ? archive?.keep(computed, forImageAt: path) ?? computed : computed
                if let key { store(analysis, for: key) }
                deliveryQueue.async { handler(.finished(analysis, cached: false)) }
            } catch is AnalysisCancelled {
                deliveryQueue.async { handler(.cancelled) }
            } catch {
                deliveryQueue.async { handler(.failed(error)) }
            }
        }
    }

    /// The cached analysis of `path`, if any (without running anything).
    public func cachedAnalysis(imageAt path: String, proposals: [Box]? = nil) -> RawAnalysis? {
        Self.key(path: path, proposals: proposals).flatMap(cachedAnalysis(for:))
    }

    private func cachedAnalysis(for key: CacheKey) -> RawAnalysis? {
        lock.withLock {
            guard let hit = cache[key] else { return nil }
            recency.removeAll { $0 == key }
            recency.append(key)
            return hit
        }
    }

    private func store(_ analysis: RawAnalysis, for key: CacheKey) {
        lock.withLock {
            cache[key] = analysis
            recency.removeAll { $0 == key }
            recency.append(key)
            while recency.count > cacheLimit { cache[recency.removeFirst()] = nil }
        }
    }

    /// The file's identity now: a changed file is a different key. Nil when it cannot be read.
    private static func key(path: String, proposals: [Box]?) -> CacheKey? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
        let size = (attributes[.size] as? NSNumber)?.uint64Value ?? 0
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return CacheKey(path: URL(fileURLWithPath: path).standardizedFileURL.path, size: size, modified: modified, proposals: proposals)
    }
}
