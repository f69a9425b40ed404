import Detector
import Dispatch
import Foundation

/// Times the browser's background analysis (``DatasetAnalysisLoop``) over a list of images:
/// one image at a time against the next read and prepared while the network runs, in
/// alternating rounds, with no store and nothing cached between rounds.
public struct DatasetLoopBenchmark {
    public let detector: DoubleHeadDetector
    public let files: [String]
    public let rounds: Int

    public init(detector: DoubleHeadDetector, files: [String], rounds: Int) {
        self.detector = detector
        self.files = files
        self.rounds = max(1, rounds)
    }

    /// Median images per second of each way, after one untimed run of each.
    public func run() -> (oneAtATime: Double, preparedAhead: Double) {
        var alone: [Double] = [], ahead: [Double] = []
        _ = imagesPerSecond(preparesAhead: false)
        _ = imagesPerSecond(preparesAhead: true)
        for _ in 0..<rounds {
            alone.append(imagesPerSecond(preparesAhead: false))
            ahead.append(imagesPerSecond(preparesAhead: true))
        }
        return (alone.sorted()[alone.count / 2], ahead.sorted()[ahead.count / 2])
    }

    /// One pass of the loop over every file, as the browser drives it (results handed back on
    /// this thread), with a fresh service so that nothing comes from a cache.
    private func imagesPerSecond(preparesAhead: Bool) -> Double {
        let service = DetectorService(detector: detector, cacheLimit: 1)
        let inbox = Inbox()
        let loop = DatasetAnalysisLoop(imagePaths: files, indices: Array(files.indices),
                                       variants: HeadVariant.available(for: detector.config),
                                       settings: PostProcessSettings(config: detector.config), service: service) { inbox.post($0) }
        loop.preparesAhead = preparesAhead
        let start = DispatchTime.now().uptimeNanoseconds
        loop.start()
        while !loop.isFinished, let result = inbox.next() { loop.receive(result) }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return Double(files.count) / max(seconds, 1e-9)
    }

    /// Results from the loop's queue, taken in order on the benchmark's thread.
    private final class Inbox: @unchecked Sendable {
        private let lock = NSLock()
        private var results: [DatasetAnalysisLoop.Result] = []
        private let arrived = DispatchSemaphore(value: 0)

        func post(_ result: DatasetAnalysisLoop.Result) {
            lock.withLock { results.append(result) }
            arrived.signal()
        }

        func next() -> DatasetAnalysisLoop.Result? {
            arrived.wait()
            return lock.withLock { results.isEmpty ? nil : results.removeFirst() }
        }
    }
}
