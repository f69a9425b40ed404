import Foundation

/// mmdetection's `DeltaXYWHBBoxCoder` (no +1 in widths).
///
/// Decoding: `d = delta * stds + means`; `dw`, `dh` clamped to `±clampRatio` on both
/// sides; `gx = px + pw * dx`, `gw = pw * exp(dw)`; corners `gx ∓ gw / 2`; optionally
/// clipped to the resized image (x to `[0, width]`, y to `[0, height]`). Float32
/// arithmetic in mmdetection's operation order.
public struct DeltaXYWHBBoxCoder: Sendable, Hashable, DeltaDecoding {
    /// Target means, in order (dx, dy, dw, dh).
    public var means: SIMD4<Float>
    /// Target standard deviations, in order (dx, dy, dw, dh).
    public var stds: SIMD4<Float>
    /// Bound on |dw| and |dh| after de-normalisation: `|log(16 / 1000)|` = 4.1352.
    public var clampRatio: Float

    /// `|log(16 / 1000)|`, mmdetection's `wh_ratio_clip` bound, rounded to Float.
    public static let defaultClampRatio = Float(abs(log(16.0 / 1000.0)))

    /// A coder with the given normalisation.
    public init(means: SIMD4<Float> = .zero, stds: SIMD4<Float> = .one,
                clampRatio: Float = DeltaXYWHBBoxCoder.defaultClampRatio) {
        self.means = means
        self.stds = stds
        self.clampRatio = clampRatio
    }

    /// The RPN's coder: means 0, stds 1.
    public static let rpn = DeltaXYWHBBoxCoder()
    /// The R-CNN head's coder: means 0, stds (0.1, 0.1, 0.2, 0.2).
    public static let rcnn = DeltaXYWHBBoxCoder(stds: SIMD4(0.1, 0.1, 0.2, 0.2))

    /// Applies one delta `(dx, dy, dw, dh)` to `box`; clips when `maxShape` is given.
    @inlinable
    public func decode(_ box: Box, delta: SIMD4<Float>, maxShape: (height: Float, width: Float)? = nil) -> Box {
        let d = delta * stds + means
        let dw = min(max(d[2], -clampRatio), clampRatio)
        let dh = min(max(d[3], -clampRatio), clampRatio)
        let px = (box.x1 + box.x2) * 0.5
        let py = (box.y1 + box.y2) * 0.5
        let pw = box.x2 - box.x1
        let ph = box.y2 - box.y1
        let gw = pw * expf(dw)
        let gh = ph * expf(dh)
        let gx = px + pw * d[0]
        let gy = py + ph * d[1]
        let decoded = Box(x1: gx - gw * 0.5, y1: gy - gh * 0.5, x2: gx + gw * 0.5, y2: gy + gh * 0.5)
        guard let maxShape else { return decoded }
        return decoded.clipped(height: maxShape.height, width: maxShape.width)
    }

    /// The normalised delta that maps `proposal` onto `target` (mmdetection `bbox2delta`).
    @inlinable
    public func encode(_ proposal: Box, target: Box) -> SIMD4<Float> {
        let px = (proposal.x1 + proposal.x2) * 0.5
        let py = (proposal.y1 + proposal.y2) * 0.5
        let pw = proposal.x2 - proposal.x1
        let ph = proposal.y2 - proposal.y1
        let gx = (target.x1 + target.x2) * 0.5
        let gy = (target.y1 + target.y2) * 0.5
        let gw = target.x2 - target.x1
        let gh = target.y2 - target.y1
        let d = SIMD4<Float>((gx - px) / pw, (gy - py) / ph, logf(gw / pw), logf(gh / ph))
        return (d - means) / stds
    }

    /// Encodes pairs of proposals and targets; returns `[N, 4]`.
    public func encode(proposals: [Box], targets: [Box]) -> Tensor {
        precondition(proposals.count == targets.count, "encode: \(proposals.count) vs \(targets.count)")
        var values: [Float] = []
        values.reserveCapacity(proposals.count * 4)
        for (p, t) in zip(proposals, targets) {
            let d = encode(p, target: t)
            for k in 0..<4 { values.append(d[k]) }
        }
        return Tensor(shape: [proposals.count, 4], storage: values)
    }
}
