import Detector
import Dispatch
import Imaging

/// The next image of a ``DatasetAnalysisLoop``, read and prepared on a background queue while
/// the network runs on the current one: its detections when the store knows them, else the
/// network's input. Filled once; ``wait()`` blocks until then.
final class PendingPreparation: @unchecked Sendable {
    enum Outcome: Sendable {
        /// ``DatasetAnalysisLoop/knownDetections`` had them: no network.
        case known(DatasetAnalysisLoop.Detections)
        /// Decoded and prepared for the detector.
        case prepared(PreparedInput)
        /// Not readable here: the detector service reads it again and reports why.
        case unprepared
    }

    /// The image: its index in the loop's list.
    let index: Int
    private let filled = DispatchSemaphore(value: 0)
    // Written once, before `filled` is signalled; read only after waiting on it.
    private var outcome: Outcome = .unprepared

    /// Starts on `queue`: the known detections of image `index`, else `path` decoded and
    /// prepared by `detector`.
    init(index: Int, path: String, detector: DoubleHeadDetector, queue: DispatchQueue,
         known: @escaping @Sendable (Int) -> DatasetAnalysisLoop.Detections?) {
        self.index = index
        queue.async { [self] in
            if let found = known(index) {
                outcome = .known(found)
            } else if let image = try? ImageDecoder().decodeRGB(contentsOf: path) {
                outcome = .prepared(detector.prepare(image))
            }
            filled.signal()
        }
    }

    /// The outcome, once made.
    func wait() -> Outcome {
        filled.wait()
        filled.signal()
        return outcome
    }
}
