import Compute
import Detector

/// How two variants' detections differ: each detection of A is matched to the best
/// unmatched detection of B with the same class and IoU of at least 0.5.
public struct VariantDifference: Equatable, Sendable {
    public enum Kind: String, Sendable {
        /// Detected by A only.
        case onlyInA = "only A"
        /// Detected by B only.
        case onlyInB = "only B"
        /// Both, but the boxes differ (IoU below 0.9).
        case moved
        /// Both, same place, but the scores differ by more than 0.05.
        case rescored = "re-scored"
        /// Both, alike.
        case same
    }

    public var kind: Kind
    public var a: Detection?
    public var b: Detection?

    /// The differences between detections `a` and `b` (A's order first, then B's leftovers).
    public static func compare(_ a: [Detection], _ b: [Detection]) -> [VariantDifference] {
        var used = [Bool](repeating: false, count: b.count)
        var out: [VariantDifference] = []
        for da in a {
            var best = -1
            var bestIoU: Float = 0.5
            for (j, db) in b.enumerated() where !used[j] && db.label == da.label {
                let overlap = iou(da.box, db.box)
                if overlap >= bestIoU { bestIoU = overlap; best = j }
            }
            guard best >= 0 else {
                out.append(VariantDifference(kind: .onlyInA, a: da, b: nil))
                continue
            }
            used[best] = true
            let db = b[best]
            let kind: Kind = bestIoU < 0.9 ? .moved : abs(da.score - db.score) > 0.05 ? .rescored : .same
            out.append(VariantDifference(kind: kind, a: da, b: db))
        }
        for (j, db) in b.enumerated() where !used[j] {
            out.append(VariantDifference(kind: .onlyInB, a: nil, b: db))
        }
        return out
    }
}
