import Detector
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

    /// Analyses `files` in order.
    /// - Parameters:
    ///   - isCancelled: polled between images and inside the network (Ctrl-C).
    ///   - progress: after each image, with the file.
    public func run(files: [String], isCancelled: @escaping @Sendable () -> Bool = { false },
                    progress: (DatasetProgress, String) -> Void = { _, _ in }) -> Outcome {
        var state = DatasetProgress(total: files.count)
        var analysed = 0, analysisSeconds = 0.0
        var summaries: [String: StoreSummary] = [:]
        var failures: [String] = []
        var interrupted = false
        var storeProblem: StoreError?
        for path in files {
            if isCancelled() { interrupted = true; break }
            let key = shelf?.key(forImageAt: path)
            if let shelf, let key, let stored = shelf.summary(image: key) {
                summaries[path] = stored
                state.fromStore += 1
            } else {
                let began = Date()
                do {
                    let image = try ImageDecoder().decodeRGB(contentsOf: path)
                    let analysis = try detector.analyze(image, isCancelled: isCancelled)
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
                    break
                } catch {
                    failures.append("\(path): \(error)")
                    state.failed += 1
                }
                analysisSeconds += Date().timeIntervalSince(began)
                analysed += 1
                state.imagesPerSecond = analysed > state.failed ? Double(analysed - state.failed) / max(analysisSeconds, 1e-9) : nil
            }
            state.done += 1
            progress(state, path)
        }
        return Outcome(summaries: summaries, failures: failures, interrupted: interrupted, storeProblem: storeProblem, progress: state)
    }
}
