/// Why the head analysis could not run.
public enum HeadAnalysisError: Error, Sendable, Equatable, CustomStringConvertible {
    /// --per-bin outside ``HeadAnalysisRun/perBinRange``.
    case perBinOutOfRange(Int)
    /// No proposal could be analysed; the reason says why.
    case nothingToAnalyse(String)
    /// The detector failed on an image.
    case detectorFailed(file: String, reason: String)

    public var description: String {
        switch self {
        case .perBinOutOfRange(let value):
            return "--per-bin \(value) is out of range: give \(HeadAnalysisRun.perBinRange.lowerBound) to "
                + "\(HeadAnalysisRun.perBinRange.upperBound) proposals per IoU bin per ground-truth box"
        case .nothingToAnalyse(let reason):
            return "nothing to analyse: \(reason)"
        case let .detectorFailed(file, reason):
            return "\(file): the detector failed (\(reason))"
        }
    }
}
