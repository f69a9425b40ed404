import Compute
import Detector

/// How two sets of detections differ (two variants of one model, or two models): each
/// detection of A, best score first, is matched to the unmatched detection of B with the same
/// class and the highest IoU, at least 0.5.
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

    /// The differences between detections `a` and `b` of one model (A's order first, then
    /// B's leftovers); classes are the same when their labels are.
    public static func compare(_ a: [Detection], _ b: [Detection]) -> [VariantDifference] {
        match(a, b) { $0 == $1 }
    }

    /// The differences between the detections of two models whose classes are `namesA` and
    /// `namesB`: classes are the same when their names are (torchvision's 91 COCO labels and
    /// mmdetection's 80 share names, not indices). A's detections are taken best score first;
    /// the result lists them in that order, then B's leftovers.
    public static func compare(_ a: [Detection], classNames namesA: [String],
                               _ b: [Detection], classNames namesB: [String]) -> [VariantDifference] {
        // B's label of each of A's labels, by name (nil: B has no such class).
        var labelsB: [String: Int] = [:]
        for (label, name) in namesB.enumerated() where labelsB[name] == nil { labelsB[name] = label }
        let inB = namesA.map { labelsB[$0] }
        let ranked = a.enumerated().sorted { ($0.element.score, -$0.offset) > ($1.element.score, -$1.offset) }.map(\.element)
        return match(ranked, b) { labelA, labelB in inB.indices.contains(labelA) && inB[labelA] == labelB }
    }

    private static func match(_ a: [Detection], _ b: [Detection], sameClass: (Int, Int) -> Bool) -> [VariantDifference] {
        var used = [Bool](repeating: false, count: b.count)
        var out: [VariantDifference] = []
        for da in a {
            var best = -1
            var bestIoU: Float = 0.5
            for (j, db) in b.enumerated() where !used[j] && sameClass(da.label, db.label) {
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
