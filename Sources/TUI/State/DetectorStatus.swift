import Detector

/// Where the detector is for the current image.
public enum DetectorStatus: Equatable, Sendable {
    /// Queued, no stage started yet.
    case waiting
    /// Running the given stage.
    case running(DetectorStage)
    /// Done: the analysis' own time, and whether it came from the cache.
    case done(milliseconds: Double, cached: Bool)
    case failed(String)
}
