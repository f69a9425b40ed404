/// mmdetection's `AnchorGenerator` for an FPN (offset 0, no rounding).
///
/// Base anchors of a level: for each ratio r (h/w), for each scale s (ratio-major):
/// `w = stride / sqrt(r) * s`, `h = stride * sqrt(r) * s`, box `[-w/2, -h/2, w/2, h/2]`
/// (computed in Double, rounded to Float, as Tools/dhref/rpn.py). Grid anchors are the
/// base anchors shifted by `(x * stride, y * stride)`, laid out (H, W, A).
public struct AnchorGenerator: Sendable, Hashable {
    /// Stride of each level in input pixels (P2..P6: 4, 8, 16, 32, 64).
    public var strides: [Int]
    /// Octave scales (mmdetection `scales`, 8 for Faster R-CNN).
    public var scales: [Double]
    /// Aspect ratios h/w.
    public var ratios: [Double]

    /// A generator; the defaults are the R50-FPN configuration.
    public init(strides: [Int] = [4, 8, 16, 32, 64], scales: [Double] = [8], ratios: [Double] = [0.5, 1, 2]) {
        self.strides = strides
        self.scales = scales
        self.ratios = ratios
    }

    /// Anchors per feature-map location, A = ratios * scales.
    public var anchorsPerLocation: Int { scales.count * ratios.count }

    /// The A base anchors of a level centred on the origin, ratio-major.
    public func baseAnchors(stride: Int) -> [Box] {
        var result: [Box] = []
        for r in ratios {
            let hr = r.squareRoot()
            let wr = 1 / hr
            for s in scales {
                let w = Double(stride) * wr * s
                let h = Double(stride) * hr * s
                result.append(Box(x1: Float(-0.5 * w), y1: Float(-0.5 * h), x2: Float(0.5 * w), y2: Float(0.5 * h)))
            }
        }
        return result
    }

    /// All anchors of a `height x width` map at `stride`: `height * width * A` boxes,
    /// index `(y * width + x) * A + a`.
    public func gridAnchors(stride: Int, height: Int, width: Int) -> [Box] {
        let base = baseAnchors(stride: stride)
        var result: [Box] = []
        result.reserveCapacity(height * width * base.count)
        let fs = Float(stride)
        for y in 0..<height {
            let sy = Float(y) * fs
            for x in 0..<width {
                let sx = Float(x) * fs
                for b in base {
                    result.append(Box(x1: sx + b.x1, y1: sy + b.y1, x2: sx + b.x2, y2: sy + b.y2))
                }
            }
        }
        return result
    }

    /// Grid anchors of level `level` (index into ``strides``).
    public func gridAnchors(level: Int, height: Int, width: Int) -> [Box] {
        gridAnchors(stride: strides[level], height: height, width: width)
    }
}
