import Compute
import Testing

/// `batchedNMS(..., maxKept:)` (early stop) against the full `batchedNMS` cut to `maxKept`.
@Suite struct LimitedNMSTests {
    private struct Generator {
        var state: UInt32
        mutating func next() -> UInt32 {
            state = state &* 1_664_525 &+ 1_013_904_223
            return state >> 8
        }
        mutating func unit() -> Float { Float(next() % 10_000) / 10_000 }
    }

    /// Clustered boxes (so NMS suppresses plenty) on a 256-pixel image, a few degenerate.
    private func randomBoxes(_ n: Int, _ g: inout Generator) -> [Box] {
        (0..<n).map { _ in
            let cx = Float(g.next() % 8) * 32 + g.unit() * 12, cy = Float(g.next() % 8) * 32 + g.unit() * 12
            let w = 4 + g.unit() * 40, h = g.next() % 50 == 0 ? 0 : 4 + g.unit() * 40
            return Box(x1: cx - w / 2, y1: cy - h / 2, x2: cx + w / 2, y2: cy + h / 2)
        }
    }

    /// `n` distinct scores in [0, 1) in scrambled order (i * a mod a prime is one-to-one).
    private func distinct(_ n: Int, salt: Int = 0) -> [Float] {
        (0..<n).map { Float(((salt * 5000 + $0) * 2_654_435_761) % 1_000_003) / 1_000_003 }
    }

    private func check(boxes: [Box], scores: [Float], groups: [Int], iou: Double, label: String) {
        let full = batchedNMS(boxes: boxes, scores: scores, groups: groups, iouThreshold: iou)
        for maxKept in Set([0, 1, 2, 7, full.count / 2, max(full.count - 1, 0), full.count, full.count + 1, 200, 1000, 5000]) {
            let limited = batchedNMS(boxes: boxes, scores: scores, groups: groups, iouThreshold: iou, maxKept: maxKept)
            #expect(limited == Array(full.prefix(maxKept)), "\(label), \(full.count) kept, maxKept \(maxKept)")
        }
    }

    /// Both torchvision paths (up to 1000 boxes: one NMS; above: per group, merged by torch's
    /// unstable sort), with scores from a few values (ties everywhere), from many values (the
    /// short cut taken when no two of the best are equal) and in tied runs of five.
    @Test func matchesTheFullNMSCut() {
        var g = Generator(state: 3)
        for n in [1, 2, 9, 300, 1000, 1001, 3008] {
            let boxes = randomBoxes(n, &g)
            let groups = (0..<n).map { _ in Int(g.next() % 5) }
            let few = (0..<n).map { _ in Float(g.next() % 6) / 8 }
            let many = (0..<n).map { _ in g.unit() }
            let fives = (0..<n).map { Float($0 / 5) / Float(n) + 0.25 }
            for (name, scores) in [("few", few), ("many", many), ("distinct", distinct(n)), ("fives", fives)] {
                for iou in [0.3, 0.7] {
                    check(boxes: boxes, scores: scores, groups: groups, iou: iou, label: "\(n) boxes, \(name) scores, IoU \(iou)")
                }
            }
        }
    }

    /// The RPN's shape: five levels of up to 1000 proposals, distinct scores, IoU 0.7.
    @Test func rpnShapedInput() {
        var g = Generator(state: 41)
        let counts = [1000, 1000, 768, 192, 48]
        var boxes: [Box] = [], scores: [Float] = [], groups: [Int] = []
        for (level, count) in counts.enumerated() {
            boxes += randomBoxes(count, &g)
            scores += distinct(count, salt: level)
            groups += [Int](repeating: level, count: count)
        }
        check(boxes: boxes, scores: scores, groups: groups, iou: 0.7, label: "RPN")
        // Saturated scores (many exactly 1) force the merge's ties: the full NMS decides.
        let saturated = scores.map { $0 > 0.9 ? 1 : $0 }
        check(boxes: boxes, scores: saturated, groups: groups, iou: 0.7, label: "RPN saturated")
    }

    /// NaN scores and NaN coordinates: the same answer as the full NMS.
    @Test func nanInputs() {
        var g = Generator(state: 5)
        for n in [40, 1500] {
            var boxes = randomBoxes(n, &g)
            var scores = (0..<n).map { _ in g.unit() }
            let groups = (0..<n).map { _ in Int(g.next() % 3) }
            for i in stride(from: 0, to: n, by: 13) {
                boxes[i] = Box(x1: .nan, y1: boxes[i].y1, x2: boxes[i].x2, y2: boxes[i].y2)
            }
            check(boxes: boxes, scores: scores, groups: groups, iou: 0.5, label: "\(n) NaN boxes")
            scores[n / 2] = .nan
            check(boxes: boxes, scores: scores, groups: groups, iou: 0.5, label: "\(n) NaN score")
        }
    }

    /// The IoU compared as the kernel compares it: Float IoU widened to Double.
    @Test func thresholdsBetweenFloats() {
        let b = [Box(x1: 0, y1: 0, x2: 10, y2: 10), Box(x1: 0, y1: 0, x2: 10, y2: 7)]
        for t in [0.7, Double(Float(0.7)), Double(Float(0.7).nextDown), Double(Float(0.7).nextUp), 0.69999999, 0.7000001] {
            let full = batchedNMS(boxes: b, scores: [1, 0.5], groups: [0, 0], iouThreshold: t)
            #expect(batchedNMS(boxes: b, scores: [1, 0.5], groups: [0, 0], iouThreshold: t, maxKept: 2) == full, "\(t)")
        }
    }
}
