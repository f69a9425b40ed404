import Evaluation
import Foundation

/// What a variant's post-processing did with one RoI's candidate for one class.
public enum RoIFate: Sendable, Equatable {
    /// Kept: detection `detection` (0-based, in the variant's score order).
    case kept(detection: Int)
    /// Dropped by class-wise NMS: the same class's candidate of RoI `byRoI`, which scored
    /// higher, overlapped it at `iou` (above the NMS threshold).
    case suppressed(byRoI: Int, iou: Float)
    /// Survived NMS but ranked `rank` (0-based) among the survivors, past the per-image limit.
    case beyondLimit(rank: Int, limit: Int)
    /// Its score is not above the score threshold.
    case belowThreshold(score: Float, threshold: Float)
    /// Its score passed but its box is narrower or shorter than `minimum` resized pixels, so it
    /// was dropped before NMS (torchvision's `remove_small_boxes`).
    case tooSmall(minimum: Float)

    /// The number people see for a kept candidate's detection: 1 for the variant's
    /// highest-scoring detection (`detection + 1`); nil for the other fates. Summaries,
    /// `inspect --json` and the inspector all use this numbering.
    public var detectionNumber: Int? {
        if case .kept(let n) = self { return n + 1 }
        return nil
    }

    /// One line for the inspector and for JSON dumps.
    public var summary: String {
        switch self {
        case .kept: return "kept as detection \(detectionNumber ?? 0)"
        case .suppressed(let roi, let iou): return String(format: "suppressed by RoI %d at IoU %.3f", roi, iou)
        case .beyondLimit(let rank, let limit): return "ranked \(rank + 1) after NMS, past the \(limit)-per-image limit"
        case .belowThreshold(let score, let threshold):
            return String(format: "below the score threshold (%.3f <= %.2f)", score, threshold)
        case .tooSmall(let minimum):
            return String(format: "dropped before NMS: its box is under %g px across", minimum)
        }
    }

    /// A short machine-readable kind: kept, suppressed, beyond-limit, below-threshold, too-small.
    public var kind: String {
        switch self {
        case .kept: return "kept"
        case .suppressed: return "suppressed"
        case .beyondLimit: return "beyond-limit"
        case .belowThreshold: return "below-threshold"
        case .tooSmall: return "too-small"
        }
    }
}
