import Compute
import Imaging

/// The detector's input: the image resized keeping its aspect ratio, normalised per channel
/// and zero-padded to a multiple of the size divisor, as mmdetection's test pipeline (or
/// torchvision's transform) does.
public struct PreparedInput: Sendable {
    /// [1, 3, paddedHeight, paddedWidth].
    public let tensor: Tensor
    public let originalWidth: Int
    public let originalHeight: Int
    /// The resized image inside the padding; boxes are clipped to it.
    public let resizedWidth: Int
    public let resizedHeight: Int
    /// resizedWidth / originalWidth and resizedHeight / originalHeight, kept apart.
    public let scaleX: Double
    public let scaleY: Double
    /// How long preparing took, reported as the analysis's preprocess stage.
    public internal(set) var milliseconds = 0.0
}

enum Preprocessor {
    /// mmcv's keep-ratio rescale: f = min(long cap / long side, short cap / short side),
    /// new size = (int(w f + 0.5), int(h f + 0.5)).
    static func rescaledSize(width w: Int, height h: Int, scale: [Int]) -> (width: Int, height: Int) {
        let longCap = Double(scale.max() ?? 1333), shortCap = Double(scale.min() ?? 800)
        let f = min(longCap / Double(max(w, h)), shortCap / Double(min(w, h)))
        return (max(1, Int(Double(w) * f + 0.5)), max(1, Int(Double(h) * f + 0.5)))
    }

    /// The model's input: mmdetection's test pipeline, or torchvision's transform
    /// (``prepareTorchvision(_:config:)``), as its convention says.
    static func prepare(_ image: RGBImage, config: ModelConfig) -> PreparedInput {
        config.convention == .torchvision ? prepareTorchvision(image, config: config) : prepareMMDetection(image, config: config)
    }

    /// Resizes with half-pixel bilinear weights computed in Float64 (rounded once to Float32,
    /// as the reference does), normalises and pads.
    static func prepareMMDetection(_ image: RGBImage, config: ModelConfig) -> PreparedInput {
        let (w, h) = (image.width, image.height)
        let (nw, nh) = rescaledSize(width: w, height: h, scale: config.testScale)
        let d = config.sizeDivisor
        let pw = (nw + d - 1) / d * d, ph = (nh + d - 1) / d * d
        let xs = axisTaps(source: w, target: nw), ys = axisTaps(source: h, target: nh)
        let mean = config.mean.map { Float($0) }, std = config.std.map { Float($0) }
        let plane = ph * pw
        let tensor = Tensor(shape: [1, 3, ph, pw]) { out in
            out.initialize(repeating: 0)
            image.pixels.withUnsafeBufferPointer { src in
                nonisolated(unsafe) let out = out
                Parallel.for(nh) { y in
                    let (y0, y1, wy0, wy1) = ys[y]
                    for x in 0..<nw {
                        let (x0, x1, wx0, wx1) = xs[x]
                        for c in 0..<3 {
                            func px(_ yy: Int, _ xx: Int) -> Double { Double(src[(yy * w + xx) * 3 + c]) }
                            // Rows first, then columns, as the reference's numpy code.
                            let top = px(y0, x0) * wy0 + px(y1, x0) * wy1
                            let bottom = px(y0, x1) * wy0 + px(y1, x1) * wy1
                            let v = Float(top * wx0 + bottom * wx1)
                            out[c * plane + y * pw + x] = (v - mean[c]) / std[c]
                        }
                    }
                }
            }
        }
        return PreparedInput(tensor: tensor, originalWidth: w, originalHeight: h, resizedWidth: nw, resizedHeight: nh,
                             scaleX: Double(nw) / Double(w), scaleY: Double(nh) / Double(h))
    }

    /// Source indices and weights along one axis: src = (dst + 0.5) * in / out - 0.5, >= 0.
    static func axisTaps(source n: Int, target m: Int) -> [(Int, Int, Double, Double)] {
        let scale = Double(n) / Double(m)
        return (0..<m).map { o in
            let s = max(0, (Double(o) + 0.5) * scale - 0.5)
            let i0 = min(Int(s.rounded(.down)), n - 1)
            let i1 = min(i0 + 1, n - 1)
            let l1 = i0 == n - 1 ? 0 : s - Double(i0)
            return (i0, i1, 1 - l1, l1)
        }
    }
}
