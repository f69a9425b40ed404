import Compute
import Imaging

extension Preprocessor {
    /// torchvision's `GeneralizedRCNNTransform` size: `f = min(min_size / short side,
    /// max_size / long side)` in Float64, each side `int(side * f)` (truncated, as
    /// `interpolate(scale_factor=f, recompute_scale_factor=True)` computes it).
    static func torchvisionSize(width w: Int, height h: Int, scale: [Int]) -> (width: Int, height: Int) {
        let maxSize = Double(scale.max() ?? 1333), minSize = Double(scale.min() ?? 800)
        let f = min(minSize / Double(min(w, h)), maxSize / Double(max(w, h)))
        return (max(1, Int(Double(w) * f)), max(1, Int(Double(h) * f)))
    }

    /// torchvision's transform: pixels to 0..1 (`/ 255`), normalised per channel, resized by
    /// bilinear interpolation (`align_corners=False`, the scale recomputed from the sizes, the
    /// taps and weights in Float32 as PyTorch's CPU kernel), padded with zeros to a multiple of
    /// the size divisor.
    static func prepareTorchvision(_ image: RGBImage, config: ModelConfig) -> PreparedInput {
        let (w, h) = (image.width, image.height)
        let (nw, nh) = torchvisionSize(width: w, height: h, scale: config.testScale)
        let d = config.sizeDivisor
        let pw = (nw + d - 1) / d * d, ph = (nh + d - 1) / d * d
        let xs = float32Taps(source: w, target: nw), ys = float32Taps(source: h, target: nh)
        let mean = config.mean.map { Float($0) }, std = config.std.map { Float($0) }
        // Normalised first, on 0..1, channel-major as the transform sees the image.
        var normalised = [Float](repeating: 0, count: 3 * h * w)
        image.pixels.withUnsafeBufferPointer { src in
            for i in 0..<(h * w) {
                for c in 0..<3 { normalised[c * h * w + i] = (Float(src[i * 3 + c]) / 255 - mean[c]) / std[c] }
            }
        }
        let plane = ph * pw
        let tensor = Tensor(shape: [1, 3, ph, pw]) { out in
            out.initialize(repeating: 0)
            normalised.withUnsafeBufferPointer { src in
                nonisolated(unsafe) let out = out
                Parallel.for(nh) { y in
                    let (y0, y1, wy0, wy1) = ys[y]
                    for c in 0..<3 {
                        let top = src.baseAddress.map { $0 + c * h * w + y0 * w }, bottom = src.baseAddress.map { $0 + c * h * w + y1 * w }
                        guard let top, let bottom else { return }
                        for x in 0..<nw {
                            let (x0, x1, wx0, wx1) = xs[x]
                            // Height is the outer dimension of PyTorch's separable loop.
                            let t = top[x0] * wx0 + top[x1] * wx1
                            let b = bottom[x0] * wx0 + bottom[x1] * wx1
                            out[c * plane + y * pw + x] = t * wy0 + b * wy1
                        }
                    }
                }
            }
        }
        return PreparedInput(tensor: tensor, originalWidth: w, originalHeight: h, resizedWidth: nw, resizedHeight: nh,
                             scaleX: Double(nw) / Double(w), scaleY: Double(nh) / Double(h))
    }

    /// PyTorch's linear taps along one axis in Float32: scale = in / out,
    /// src = max(scale * (dst + 0.5) - 0.5, 0), i0 = floor(src) (at most in - 1),
    /// i1 = i0 + 1 unless i0 is the last, weights 1 - l and l with l = src - i0 in [0, 1].
    static func float32Taps(source n: Int, target m: Int) -> [(Int, Int, Float, Float)] {
        let scale = Float(n) / Float(m)
        return (0..<m).map { o in
            let s = max(scale * (Float(o) + 0.5) - 0.5, 0)
            let i0 = min(Int(s.rounded(.down)), n - 1)
            let i1 = i0 + (i0 < n - 1 ? 1 : 0)
            let l1 = min(max(s - Float(i0), 0), 1)
            return (i0, i1, 1 - l1, l1)
        }
    }
}
