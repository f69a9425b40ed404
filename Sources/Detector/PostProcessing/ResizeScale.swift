import Compute

/// The factors between original and resized pixels (resized / original, per axis, kept
/// apart as mmdetection keeps them). The detector works on the resized image; every box it
/// reports is divided back, in Float32, exactly as mmdetection's rescale does.
public struct ResizeScale: Sendable, Equatable {
    public var x: Float
    public var y: Float

    public init(x: Double, y: Double) {
        self.x = Float(x)
        self.y = Float(y)
    }

    /// `box` in resized pixels (coordinates multiplied).
    public func toResized(_ box: Box) -> Box {
        Box(x1: box.x1 * x, y1: box.y1 * y, x2: box.x2 * x, y2: box.y2 * y)
    }

    /// `box` in original pixels (coordinates divided, not multiplied by the reciprocal,
    /// which would round differently from the reference).
    public func toOriginal(_ box: Box) -> Box {
        Box(x1: box.x1 / x, y1: box.y1 / y, x2: box.x2 / x, y2: box.y2 / y)
    }
}
