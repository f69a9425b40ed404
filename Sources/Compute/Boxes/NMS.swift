/// Greedy non-maximum suppression with torchvision's CPU semantics (`torchvision.ops.nms`).
///
/// Boxes are visited in descending score order; ties keep the lower index first (the
/// stable sort torchvision's kernel uses). A box is suppressed when its IoU with an
/// already kept box is strictly greater than `iouThreshold`. IoU uses areas
/// `(x2 - x1) * (y2 - y1)` (no +1, unclamped, as torchvision) and is computed in Float32,
/// then compared in Double against the Double threshold, exactly as the C++ kernel does
/// (so an IoU of Float(0.7) = 0.69999999 is not above 0.7).
/// - Returns: indices of the kept boxes, by descending score.
/// - Precondition: `boxes.count == scores.count`; scores are not NaN.
public func nms(boxes: [Box], scores: [Float], iouThreshold: Double) -> [Int] {
    precondition(boxes.count == scores.count, "nms: \(boxes.count) boxes, \(scores.count) scores")
    let order = argsortDescending(scores, stable: true)
    var noTrace: [Suppression?]? = nil
    return greedySuppression(boxes: boxes, order: order, iouThreshold: iouThreshold, trace: &noTrace)
}

/// Why NMS dropped a box: the kept box that suppressed it first, and their IoU.
public struct Suppression: Sendable, Equatable {
    /// Index of the suppressing (kept, higher-scoring) box.
    public let by: Int
    /// IoU of the two boxes, as NMS compared it with the threshold.
    public let iou: Float
    public init(by: Int, iou: Float) {
        self.by = by
        self.iou = iou
    }
}

/// ``batchedNMS(boxes:scores:groups:iouThreshold:)`` that also says, for every box it
/// drops, which kept box suppressed it (the first one in visiting order) and at what IoU.
/// - Returns: the kept indices (identical to `batchedNMS`) and, per input box, its
///   suppression (nil for kept boxes).
public func tracedBatchedNMS(boxes: [Box], scores: [Float], groups: [Int],
                             iouThreshold: Double) -> (keep: [Int], suppressions: [Suppression?]) {
    var trace: [Suppression?]? = [Suppression?](repeating: nil, count: boxes.count)
    let keep = batchedNMS(boxes: boxes, scores: scores, groups: groups, iouThreshold: iouThreshold, trace: &trace)
    return (keep, trace ?? [])
}

/// Class-aware NMS with `torchvision.ops.batched_nms` semantics: boxes in different
/// `groups` never suppress each other.
///
/// Like torchvision, up to 1000 boxes use the coordinate trick (each box shifted by
/// `group * (max coordinate + 1)` in Float32, then one ``nms(boxes:scores:iouThreshold:)``),
/// and more boxes run NMS per group then sort the survivors by descending score with
/// torch's unstable sort (libstdc++ introsort, reproduced exactly, so tied scores come
/// out in torchvision's order). The two paths can differ only in the last bits of IoU,
/// as in torchvision.
/// - Returns: kept indices sorted by descending score. Ties: lower index first for up
///   to 1000 boxes; torch's introsort order above.
public func batchedNMS(boxes: [Box], scores: [Float], groups: [Int], iouThreshold: Double) -> [Int] {
    var noTrace: [Suppression?]? = nil
    return batchedNMS(boxes: boxes, scores: scores, groups: groups, iouThreshold: iouThreshold, trace: &noTrace)
}

private func batchedNMS(boxes: [Box], scores: [Float], groups: [Int], iouThreshold: Double,
                        trace: inout [Suppression?]?) -> [Int] {
    precondition(boxes.count == scores.count && boxes.count == groups.count,
                 "batchedNMS: \(boxes.count) boxes, \(scores.count) scores, \(groups.count) groups")
    if boxes.isEmpty { return [] }
    if usesPerGroupNMS(boxCount: boxes.count) {
        return batchedNMSPerGroup(boxes: boxes, scores: scores, groups: groups, iouThreshold: iouThreshold, trace: &trace)
    }
    let order = argsortDescending(scores, stable: true)
    return greedySuppression(boxes: boxesShiftedByGroup(boxes, groups: groups), order: order,
                             iouThreshold: iouThreshold, trace: &trace)
}

/// torchvision's `batched_nms` switch: above 1000 boxes (4000 coordinates) NMS runs per group.
func usesPerGroupNMS(boxCount: Int) -> Bool { boxCount * 4 > 4000 }

/// torchvision's coordinate trick: each box shifted by `group * (max coordinate + 1)`.
func boxesShiftedByGroup(_ boxes: [Box], groups: [Int]) -> [Box] {
    var maxCoordinate = -Float.infinity
    for b in boxes { maxCoordinate = max(maxCoordinate, b.x1, b.y1, b.x2, b.y2) }
    let step = maxCoordinate + 1
    return zip(boxes, groups).map { box, group in
        let offset = Float(group) * step
        return Box(x1: box.x1 + offset, y1: box.y1 + offset, x2: box.x2 + offset, y2: box.y2 + offset)
    }
}

/// torchvision's `_batched_nms_vanilla`: NMS within each group, survivors sorted by score.
private func batchedNMSPerGroup(boxes: [Box], scores: [Float], groups: [Int], iouThreshold: Double,
                                trace: inout [Suppression?]?) -> [Int] {
    var members: [Int: [Int]] = [:]
    for (i, g) in groups.enumerated() { members[g, default: []].append(i) }
    var keep = [Bool](repeating: false, count: boxes.count)
    for (_, indices) in members {
        let order = argsortDescending(indices.map { scores[$0] }, stable: true).map { indices[$0] }
        for i in greedySuppression(boxes: boxes, order: order, iouThreshold: iouThreshold, trace: &trace) {
            keep[i] = true
        }
    }
    let kept = keep.indices.filter { keep[$0] }
    // torch.sort(descending=True) is not stable: replicate its tie order exactly.
    return argsortDescending(kept.map { scores[$0] }, stable: false).map { kept[$0] }
}

/// The greedy loop of torchvision's `nms_kernel` over boxes visited in `order`.
/// With `trace`, records for each suppressed box the kept box that suppressed it first.
private func greedySuppression(boxes: [Box], order: [Int], iouThreshold: Double,
                               trace: inout [Suppression?]?) -> [Int] {
    // Coordinates copied into visiting order and the loop run over raw buffers: the closure
    // version that captured mutable arrays paid for boxing and exclusivity checks on every
    // pair. The Float arithmetic is the same as torchvision's, so the IoUs are too.
    let n = order.count
    guard n > 0 else { return [] }
    let coords = UnsafeMutableBufferPointer<Float>.allocate(capacity: 5 * n)
    defer { coords.deallocate() }
    for (p, i) in order.enumerated() {
        let b = boxes[i]
        coords[5 * p] = b.x1; coords[5 * p + 1] = b.y1; coords[5 * p + 2] = b.x2; coords[5 * p + 3] = b.y2
        coords[5 * p + 4] = b.area
    }
    let suppressed = UnsafeMutableBufferPointer<Bool>.allocate(capacity: n)
    suppressed.initialize(repeating: false)
    defer { suppressed.deallocate() }
    var keep: [Int] = []
    var hits: [(position: Int, by: Int, iou: Float)] = []
    let recording = trace != nil
    for p in 0..<n where !suppressed[p] {
        keep.append(order[p])
        let ix1 = coords[5 * p], iy1 = coords[5 * p + 1], ix2 = coords[5 * p + 2], iy2 = coords[5 * p + 3]
        let areaI = coords[5 * p + 4]
        var q = p + 1
        while q < n {
            if !suppressed[q] {
                let w = max(0, min(ix2, coords[5 * q + 2]) - max(ix1, coords[5 * q]))
                let h = max(0, min(iy2, coords[5 * q + 3]) - max(iy1, coords[5 * q + 1]))
                let intersection = w * h
                let iou = intersection / (areaI + coords[5 * q + 4] - intersection)
                if Double(iou) > iouThreshold {
                    suppressed[q] = true
                    if recording { hits.append((q, p, iou)) }
                }
            }
            q += 1
        }
    }
    for hit in hits { trace?[order[hit.position]] = Suppression(by: order[hit.by], iou: hit.iou) }
    return keep
}
