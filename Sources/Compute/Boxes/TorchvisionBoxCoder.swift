import Foundation

/// torchvision's `BoxCoder` (`torchvision.models.detection._utils`), decoding only.
///
/// `dx = delta.x / weights.x` (a division, as torchvision), likewise dy, dw, dh; `dw` and
/// `dh` clamped from ABOVE only, at `log(1000 / 16)`; widths `x2 - x1` (no +1), centre
/// `x1 + 0.5 * width`; `cx' = dx * width + cx`, `w' = exp(dw) * width`; corners
/// `cx' ∓ 0.5 * w'`. Optionally clipped to the image (`clip_boxes_to_image`). Float32 in
/// torchvision's operation order. Where it differs from ``DeltaXYWHBBoxCoder``: the one-sided
/// clamp (a delta that shrinks a box 60-fold is applied as it is), and the last bits of the
/// centre and of the scaled deltas.
public struct TorchvisionBoxCoder: Sendable, Hashable, DeltaDecoding {
    /// (wx, wy, ww, wh): (1, 1, 1, 1) for the RPN, (10, 10, 5, 5) for the box head.
    public var weights: SIMD4<Float>
    /// The bound on dw and dh: `log(1000 / 16)` = 4.1352 (torchvision's `bbox_xform_clip`).
    public var clip: Float

    /// `log(1000 / 16)`, rounded to Float.
    public static let defaultClip = Float(log(1000.0 / 16.0))

    /// A coder with the given weights.
    public init(weights: SIMD4<Float>, clip: Float = TorchvisionBoxCoder.defaultClip) {
        self.weights = weights
        self.clip = clip
    }

    /// The RPN's coder: weights (1, 1, 1, 1).
    public static let rpn = TorchvisionBoxCoder(weights: SIMD4(1, 1, 1, 1))
    /// `RoIHeads`' coder: weights (10, 10, 5, 5).
    public static let roiHeads = TorchvisionBoxCoder(weights: SIMD4(10, 10, 5, 5))

    /// Applies one delta `(dx, dy, dw, dh)` to `box`; clips x to `[0, width]` and y to
    /// `[0, height]` when `maxShape` is given.
    @inlinable
    public func decode(_ box: Box, delta: SIMD4<Float>, maxShape: (height: Float, width: Float)? = nil) -> Box {
        let width = box.x2 - box.x1
        let height = box.y2 - box.y1
        let cx = box.x1 + 0.5 * width
        let cy = box.y1 + 0.5 * height
        let d = delta / weights
        let dw = min(d[2], clip)
        let dh = min(d[3], clip)
        let px = d[0] * width + cx
        let py = d[1] * height + cy
        let halfW = 0.5 * (expf(dw) * width)
        let halfH = 0.5 * (expf(dh) * height)
        let decoded = Box(x1: px - halfW, y1: py - halfH, x2: px + halfW, y2: py + halfH)
        guard let maxShape else { return decoded }
        return decoded.clipped(height: maxShape.height, width: maxShape.width)
    }
}
