import Evaluation

/// Why `eval --images` could not evaluate.
public enum DetectorEvaluationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The ground truth cannot be read.
    case groundTruth(EvaluationError)
    /// The ground truth lists none of the images.
    case noListedImages(groundTruth: String, imageCount: Int)

    public var description: String {
        switch self {
        case .groundTruth(let error):
            return error.description
        case let .noListedImages(groundTruth, imageCount):
            return "none of the \(imageCount) images given is listed in \(groundTruth) (images are matched by file name)"
        }
    }
}
