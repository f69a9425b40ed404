/// torchvision's `AnchorGenerator` for an FPN: one anchor size per level and a list of
/// aspect ratios (h / w).
///
/// Base anchors of a level, for each ratio r, in Float32 as torchvision computes them:
/// `hr = sqrt(r)`, `wr = 1 / hr`, `w = wr * size`, `h = hr * size`, the box
/// `[-w, -h, w, h] / 2` ROUNDED to integers (half to even, `torch.round`). Grid anchors add
/// `(x * strideX, y * strideY)` with the strides torchvision derives per level from the
/// padded input and the feature map: `input height / map height` and `input width / map width`
/// in integer division (so a 13-row P6 of an 800-row input has stride 61, not 64). Layout
/// `(H, W, A)`, as mmdetection's.
public struct TorchvisionAnchorGenerator: Sendable, Hashable {
    /// Anchor size of each level (torchvision's defaults: 32, 64, 128, 256, 512 for P2..P6).
    public var sizes: [Double]
    /// Aspect ratios h / w (defaults 0.5, 1, 2).
    public var ratios: [Double]

    /// A generator; the defaults are `fasterrcnn_resnet50_fpn`'s.
    public init(sizes: [Double] = [32, 64, 128, 256, 512], ratios: [Double] = [0.5, 1, 2]) {
        self.sizes = sizes
        self.ratios = ratios
    }

    /// Anchors per location: the number of ratios.
    public var anchorsPerLocation: Int { ratios.count }

    /// The rounded base anchors of a level, one per ratio, centred on the origin.
    public func baseAnchors(level: Int) -> [Box] {
        let size = Float(sizes[level])
        return ratios.map { r in
            let hr = Float(r).squareRoot()
            let wr = 1 / hr
            let w = wr * size, h = hr * size
            func rounded(_ v: Float) -> Float { (v / 2).rounded(.toNearestOrEven) }
            return Box(x1: rounded(-w), y1: rounded(-h), x2: rounded(w), y2: rounded(h))
        }
    }

    /// The anchors of level `level` on a `height x width` map of an input padded to
    /// `inputHeight x inputWidth`: `height * width * A` boxes, index `(y * width + x) * A + a`.
    public func gridAnchors(level: Int, height: Int, width: Int, inputHeight: Int, inputWidth: Int) -> [Box] {
        let base = baseAnchors(level: level)
        let strideY = inputHeight / max(1, height), strideX = inputWidth / max(1, width)
        var result: [Box] = []
        result.reserveCapacity(height * width * base.count)
        for y in 0..<height {
            let sy = Float(y * strideY)
            for x in 0..<width {
                let sx = Float(x * strideX)
                for b in base {
                    result.append(Box(x1: sx + b.x1, y1: sy + b.y1, x2: sx + b.x2, y2: sy + b.y2))
                }
            }
        }
        return result
    }
}
