/// Bilinear resampling with half-pixel centres, as OpenCV's INTER_LINEAR computes it in floating point.
public enum BilinearResize {
    /// Resizes interleaved `channels`-channel Float32 data. Source coordinates are
    /// (dst + 0.5) * (src / dst) - 0.5, clamped at 0; the right/bottom neighbour is clamped
    /// to the last pixel, which is what cv2.resize does for float input.
    public static func resize(_ source: [Float], width: Int, height: Int, channels: Int,
                              toWidth outW: Int, toHeight outH: Int) -> [Float] {
        precondition(source.count == width * height * channels, "source size mismatch")
        let xs = taps(source: width, target: outW)
        let ys = taps(source: height, target: outH)
        var out = [Float](repeating: 0, count: outW * outH * channels)
        source.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for y in 0..<outH {
                    let (y0, y1, fy) = ys[y]
                    let r0 = y0 * width * channels, r1 = y1 * width * channels
                    for x in 0..<outW {
                        let (x0, x1, fx) = xs[x]
                        for c in 0..<channels {
                            let a = src[r0 + x0 * channels + c] * (1 - fx) + src[r0 + x1 * channels + c] * fx
                            let b = src[r1 + x0 * channels + c] * (1 - fx) + src[r1 + x1 * channels + c] * fx
                            dst[(y * outW + x) * channels + c] = a * (1 - fy) + b * fy
                        }
                    }
                }
            }
        }
        return out
    }

    /// Resizes an RGB image, returning Float32 RGB (no rounding), the detector's input form.
    public static func resize(_ image: RGBImage, toWidth outW: Int, toHeight outH: Int) -> [Float] {
        resize(image.pixels.map(Float.init), width: image.width, height: image.height, channels: 3,
               toWidth: outW, toHeight: outH)
    }

    static func taps(source: Int, target: Int) -> [(Int, Int, Float)] {
        let scale = Double(source) / Double(target)
        return (0..<target).map { o in
            var s = (Double(o) + 0.5) * scale - 0.5
            if s < 0 { s = 0 }
            var i0 = Int(s.rounded(.down))
            var f = Float(s - Double(i0))
            if i0 >= source - 1 { i0 = source - 1; f = 0 }
            return (i0, min(i0 + 1, source - 1), f)
        }
    }
}
