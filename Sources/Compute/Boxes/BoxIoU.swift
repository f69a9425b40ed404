/// Intersection over union of two boxes: areas `w * h` with widths clamped at 0 (no +1),
/// union clamped below at 1e-6 (Tools/dhref/boxes.py `box_iou`).
@inlinable
public func iou(_ a: Box, _ b: Box) -> Float {
    let areaA = max(a.x2 - a.x1, 0) * max(a.y2 - a.y1, 0)
    let areaB = max(b.x2 - b.x1, 0) * max(b.y2 - b.y1, 0)
    let w = max(min(a.x2, b.x2) - max(a.x1, b.x1), 0)
    let h = max(min(a.y2, b.y2) - max(a.y1, b.y1), 0)
    let intersection = w * h
    let union = areaA + areaB - intersection
    return intersection / max(union, 1e-6)
}

/// Pairwise IoU matrix `[a.count, b.count]` (row i, column j = IoU of a[i] and b[j]).
public func boxIoU(_ a: [Box], _ b: [Box]) -> Tensor {
    Tensor(shape: [a.count, b.count]) { out in
        for i in a.indices {
            for j in b.indices { out[i * b.count + j] = iou(a[i], b[j]) }
        }
    }
}
