import Foundation

/// A problem with a ground-truth or results file, naming the file and what is wrong with it.
///
/// Every case carries the path so that a message printed on its own is actionable.
public enum EvaluationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be read at all (missing, a directory, no permission).
    case unreadable(path: String, reason: String)
    /// The file is larger than `EvaluationLimits.maxFileBytes`.
    case fileTooLarge(path: String, bytes: Int, limit: Int)
    /// The JSON is not valid, or not the expected shape; `codingPath` is where JSONDecoder stopped.
    case malformedJSON(path: String, codingPath: String, reason: String)
    /// The XML is not valid, or lacks a required element.
    case malformedXML(path: String, reason: String)
    /// A text file (YOLO labels, class names) has a bad line (1-based).
    case malformedLine(path: String, line: Int, reason: String)
    /// A value is out of its valid range (negative size, non-finite coordinate, bad score).
    case invalidValue(path: String, location: String, reason: String)
    /// An annotation or result refers to an image id the ground truth does not list.
    case unknownImage(path: String, location: String, imageID: Int)
    /// An annotation refers to a category id the ground truth does not list.
    case unknownCategory(path: String, location: String, categoryID: Int)
    /// The same image or category id appears twice.
    case duplicateID(path: String, kind: String, id: Int)
    /// More annotations or results than `EvaluationLimits.maxAnnotations`.
    case tooManyEntries(path: String, count: Int, limit: Int)

    public var description: String {
        switch self {
        case let .unreadable(path, reason):
            return "\(path): cannot read the file (\(reason))"
        case let .fileTooLarge(path, bytes, limit):
            return "\(path): the file is \(bytes) bytes, more than the \(limit)-byte limit for annotation files"
        case let .malformedJSON(path, codingPath, reason):
            return "\(path): malformed JSON at \(codingPath): \(reason)"
        case let .malformedXML(path, reason):
            return "\(path): malformed Pascal VOC XML: \(reason)"
        case let .malformedLine(path, line, reason):
            return "\(path):\(line): \(reason)"
        case let .invalidValue(path, location, reason):
            return "\(path): \(location): \(reason)"
        case let .unknownImage(path, location, imageID):
            return "\(path): \(location) refers to image id \(imageID), which the ground truth does not list"
                + " (results must come from the same dataset as the ground truth)"
        case let .unknownCategory(path, location, categoryID):
            return "\(path): \(location) refers to category id \(categoryID), which \"categories\" does not list"
        case let .duplicateID(path, kind, id):
            return "\(path): \(kind) id \(id) appears more than once"
        case let .tooManyEntries(path, count, limit):
            return "\(path): \(count) entries, more than the limit of \(limit) (raise it with DHSCOPE_MAX_ANNOTATIONS)"
        }
    }
}
