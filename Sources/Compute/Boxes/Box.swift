/// An axis-aligned box in pixel coordinates, corners (x1, y1) and (x2, y2).
///
/// mmdetection convention: width = x2 - x1 and height = y2 - y1, with no +1.
/// The memory layout is four consecutive Floats, so `[Box]` is an `[N, 4]` array.
public struct Box: Sendable, Hashable, CustomStringConvertible {
    public var x1: Float
    public var y1: Float
    public var x2: Float
    public var y2: Float

    /// A box from its corners.
    @inlinable
    public init(x1: Float, y1: Float, x2: Float, y2: Float) {
        self.x1 = x1
        self.y1 = y1
        self.x2 = x2
        self.y2 = y2
    }

    /// A box from `[x1, y1, x2, y2]`; nil unless `values` holds exactly four numbers.
    public init?(_ values: [Float]) {
        guard values.count == 4 else { return nil }
        self.init(x1: values[0], y1: values[1], x2: values[2], y2: values[3])
    }

    /// `x2 - x1` (may be negative for a degenerate box).
    @inlinable public var width: Float { x2 - x1 }
    /// `y2 - y1` (may be negative for a degenerate box).
    @inlinable public var height: Float { y2 - y1 }
    /// `width * height`, unclamped, as torchvision's NMS computes it.
    @inlinable public var area: Float { (x2 - x1) * (y2 - y1) }
    /// The corners as `[x1, y1, x2, y2]`.
    public var values: [Float] { [x1, y1, x2, y2] }

    public var description: String { "[\(x1), \(y1), \(x2), \(y2)]" }

    /// The box scaled by `factor` about its centre (mmdetection's `rescale_rois`, used by
    /// Double-Head to enlarge the conv-branch RoIs by 1.3). Not clipped.
    @inlinable
    public func scaled(by factor: Float) -> Box {
        let cx = (x1 + x2) * 0.5
        let cy = (y1 + y2) * 0.5
        let w = (x2 - x1) * factor
        let h = (y2 - y1) * factor
        return Box(x1: cx - 0.5 * w, y1: cy - 0.5 * h, x2: cx + 0.5 * w, y2: cy + 0.5 * h)
    }

    /// The box with x clamped to `[0, width]` and y to `[0, height]`.
    @inlinable
    public func clipped(height: Float, width: Float) -> Box {
        Box(x1: min(max(x1, 0), width), y1: min(max(y1, 0), height),
            x2: min(max(x2, 0), width), y2: min(max(y2, 0), height))
    }
}
