/// The first `maxKept` of ``batchedNMS(boxes:scores:groups:iouThreshold:)``, without running
/// greedy NMS past what can change them (the RPN keeps only its best `max_per_img`).
///
/// Greedy NMS decides each box from the boxes kept before it, so the first K it keeps do not
/// depend on later boxes. Up to 1000 boxes (one NMS over group-shifted boxes) it stops after K.
/// Above, each group stops after K + 1; the survivors are merged by torch's unstable sort, whose
/// order of tied scores depends on the whole kept list, so the short cut is taken only when the
/// best K + 1 merged scores are strictly decreasing (then every correct sort agrees on the first
/// K and the boxes not visited score no higher than the (K + 1)-th). Otherwise, and with any NaN
/// score, the full NMS runs. No suppression trace: the inspector's traced path is unchanged.
/// - Returns: exactly `Array(batchedNMS(...).prefix(maxKept))`.
/// - Precondition: `maxKept >= 0`; as ``batchedNMS(boxes:scores:groups:iouThreshold:)``.
public func batchedNMS(boxes: [Box], scores: [Float], groups: [Int], iouThreshold: Double, maxKept: Int) -> [Int] {
    precondition(maxKept >= 0, "batchedNMS: negative maxKept \(maxKept)")
    precondition(boxes.count == scores.count && boxes.count == groups.count,
                 "batchedNMS: \(boxes.count) boxes, \(scores.count) scores, \(groups.count) groups")
    func full() -> [Int] {
        Array(batchedNMS(boxes: boxes, scores: scores, groups: groups, iouThreshold: iouThreshold).prefix(maxKept))
    }
    if boxes.isEmpty || maxKept == 0 { return [] }
    if scores.contains(where: \.isNaN) { return full() }
    if !usesPerGroupNMS(boxCount: boxes.count) {
        let order = topIndicesDescending(scores, count: scores.count)
        return greedyFirstKept(boxes: boxesShiftedByGroup(boxes, groups: groups), order: order,
                               iouThreshold: iouThreshold, limit: maxKept)
    }
    let limit = maxKept == Int.max ? maxKept : maxKept + 1
    var members: [Int: [Int]] = [:]
    for (i, g) in groups.enumerated() { members[g, default: []].append(i) }
    var kept: [Int] = []
    var truncated = false
    for (_, indices) in members {
        let order = topIndicesDescending(indices.map { scores[$0] }, count: indices.count).map { indices[$0] }
        let first = greedyFirstKept(boxes: boxes, order: order, iouThreshold: iouThreshold, limit: limit)
        truncated = truncated || first.count == limit
        kept += first
    }
    if !truncated {
        // Every group ran to its end: the same kept list as batchedNMS, merged the same way.
        kept.sort()
        return Array(argsortDescending(kept.map { scores[$0] }, stable: false).prefix(maxKept).map { kept[$0] })
    }
    let best = topIndicesDescending(kept.map { scores[$0] }, count: limit).map { kept[$0] }
    for r in 1..<best.count where !(scores[best[r - 1]] > scores[best[r]]) { return full() }
    return Array(best.prefix(maxKept))
}

/// The first `limit` boxes greedy NMS keeps visiting `order` (torchvision's `nms_kernel`, as
/// `greedySuppression` in NMS.swift): each box is checked against the boxes kept so far, with
/// the same Float IoU and the same comparison with the threshold.
func greedyFirstKept(boxes: [Box], order: [Int], iouThreshold: Double, limit: Int) -> [Int] {
    let chunk = 16
    let capacity = (min(limit, order.count) + chunk - 1) / chunk * chunk
    guard capacity > 0 else { return [] }
    // `Double(iou) > iouThreshold` is `iou > t` for t the largest Float not above the threshold.
    var t = Float(iouThreshold)
    if Double(t) > iouThreshold { t = t.nextDown }
    // Kept boxes' coordinates by component, so the check against them vectorises. Unused
    // slots have a NaN area: their IoU is NaN, never above the threshold.
    let kept = UnsafeMutablePointer<Float>.allocate(capacity: 5 * capacity)
    defer { kept.deallocate() }
    let (kx1, ky1, kx2, ky2, kArea) = (kept, kept + capacity, kept + 2 * capacity, kept + 3 * capacity, kept + 4 * capacity)
    kept.initialize(repeating: 0, count: 4 * capacity)
    kArea.initialize(repeating: .nan, count: capacity)
    var keep: [Int] = []
    keep.reserveCapacity(min(limit, order.count))
    for i in order {
        let b = boxes[i]
        let (x1, y1, x2, y2, area) = (b.x1, b.y1, b.x2, b.y2, b.area)
        var start = 0
        var hits: Int32 = 0
        while start < keep.count && hits == 0 {
            // The kernel's arithmetic, kept box first: Swift's min(a, b) is `b < a ? b : a`,
            // max(a, b) is `b >= a ? b : a`.
            for k in start..<(start + chunk) {
                let right = x2 < kx2[k] ? x2 : kx2[k], left = x1 >= kx1[k] ? x1 : kx1[k]
                let bottom = y2 < ky2[k] ? y2 : ky2[k], top = y1 >= ky1[k] ? y1 : ky1[k]
                let dx = right - left, dy = bottom - top
                let w: Float = dx >= 0 ? dx : 0, h: Float = dy >= 0 ? dy : 0
                let intersection = w * h
                let iou = intersection / (kArea[k] + area - intersection)
                hits &+= iou > t ? 1 : 0
            }
            start += chunk
        }
        if hits > 0 { continue }
        let k = keep.count
        kx1[k] = x1; ky1[k] = y1; kx2[k] = x2; ky2[k] = y2; kArea[k] = area
        keep.append(i)
        if keep.count == limit { break }
    }
    return keep
}
