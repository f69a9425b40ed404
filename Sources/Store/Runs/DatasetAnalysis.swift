import Compute
import Detector
import Dispatch
import Foundation
import Imaging

/// A detector over many images, each analysed once: images the store holds are read from it,
/// the others analysed and stored as they finish, so an interrupted run keeps its work and
/// the next resumes (`eval --images`, `store analyze`).
public struct DatasetAnalysis: Sendable {
    /// What a run found.
    public struct Outcome: Sendable {
        /// Every variant's detections (and the image size) per file analysed.
        public var summaries: [String: StoreSummary]
        /// One line per image that could not be analysed ("path: reason").
        public var failures: [String]
        /// Whether `isCancelled` stopped the run.
        public var interrupted: Bool
        /// Why analyses could not be kept (a full disk): the run went on without keeping them.
        public var storeProblem: StoreError?
        public var progress: DatasetProgress
    }

    public let detector: DoubleHeadDetector
    /// Where analyses are kept; nil analyses everything and keeps nothing.
    public let shelf: ModelShelf?
    public let settings: PostProcessSettings

    public init(detector: DoubleHeadDetector, shelf: ModelShelf?, settings: PostProcessSettings) {
        self.detector = detector
        self.shelf = shelf
        self.settings = settings
    }

    /// Analyses `files` in order. The next `lookahead` files are read, looked up in the store,
    /// decoded and prepared on a background queue while the network runs on the current one
    /// (0: each file in turn on the calling thread); the outcome is the same either way.
    /// - Parameters:
    ///   - isCancelled: polled between images and inside the network (Ctrl-C); what is done
    ///     is kept.
    ///   - progress: after each image, with the file, in the order of `files`.
    public func run(files: [String], lookahead: Int = 1, isCancelled: @escaping @Sendable () -> Bool = { false },
                    progress: (DatasetProgress, String) -> Void = { _, _ in }) -> Outcome {
        var state = DatasetProgress(total: files.count)
        var analysed = 0, analysisSeconds = 0.0
        var summaries: [String: StoreSummary] = [:]
        var failures: [String] = []
        var interrupted = false
        var storeProblem: StoreError?
        let loader = Prefetcher(count: files.count, lookahead: lookahead) { [detector, shelf] index in
            LoadedImage.load(files[index], detector: detector, shelf: shelf, isCancelled: isCancelled)
        }
        for path in files {
            if isCancelled() { interrupted = true; break }
            let began = DispatchTime.now().uptimeNanoseconds
            guard let loaded = loader.next() else { break }
            switch loaded {
            case .cancelled:
                interrupted = true
            case .stored(let stored):
                summaries[path] = stored
                state.fromStore += 1
            case .unreadable(let reason):
                // The decoder's message names the file already.
                failures.append(reason)
                state.failed += 1
                analysed += 1
            case .prepared(let input, let key):
                do {
                    let analysis = try detector.analyze(input, isCancelled: isCancelled)
                    var kept: StoreSummary?
                    if let shelf, let key, storeProblem == nil {
                        do {
                            kept = try shelf.save(analysis, image: key).summary
                        } catch {
                            // The store is a cache: a full disk stops keeping, not the run.
                            storeProblem = error
                        }
                    }
                    summaries[path] = kept ?? StoreSummary(keepThreshold: settings.scoreThreshold, settings: settings,
                                                           imageWidth: analysis.imageWidth, imageHeight: analysis.imageHeight,
                                                           detections: EntryCodec.detections(of: analysis, settings: settings))
                } catch is AnalysisCancelled {
                    interrupted = true
                } catch {
                    failures.append("\(path): \(error)")
                    state.failed += 1
                }
                analysed += 1
            }
            if interrupted { break }
            if case .stored = loaded {} else {
                // Waiting for the image counts: the rate is the run's, reading and decoding included.
                analysisSeconds += Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9
                state.imagesPerSecond = analysed > state.failed ? Double(analysed - state.failed) / max(analysisSeconds, 1e-9) : nil
            }
            state.done += 1
            progress(state, path)
        }
        loader.cancel()
        return Outcome(summaries: summaries, failures: failures, interrupted: interrupted, storeProblem: storeProblem, progress: state)
    }
}
