/// Box-filter resampling that integrates the source exactly over each output pixel's footprint.
public enum AreaResize {
    /// Resizes `image` to `width` x `height` by exact area averaging (for display).
    public static func resize(_ image: RGBImage, width: Int, height: Int) -> RGBImage {
        let cols = AreaWeights(source: image.width, target: width)
        let rows = AreaWeights(source: image.height, target: height)
        // Horizontal pass into Float rows, then vertical pass.
        var horizontal = [Float](repeating: 0, count: image.height * width * 3)
        image.pixels.withUnsafeBufferPointer { src in
            horizontal.withUnsafeMutableBufferPointer { dst in
                for y in 0..<image.height {
                    let srow = y * image.width * 3, drow = y * width * 3
                    for x in 0..<width {
                        var r: Float = 0, g: Float = 0, b: Float = 0
                        for (i, w) in cols.taps(x) {
                            let s = srow + i * 3
                            r += Float(src[s]) * w
                            g += Float(src[s + 1]) * w
                            b += Float(src[s + 2]) * w
                        }
                        dst[drow + x * 3] = r
                        dst[drow + x * 3 + 1] = g
                        dst[drow + x * 3 + 2] = b
                    }
                }
            }
        }
        var out = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            let taps = rows.taps(y)
            for x in 0..<(width * 3) {
                var v: Float = 0
                for (i, w) in taps { v += horizontal[i * width * 3 + x] * w }
                out[y * width * 3 + x] = UInt8(min(255, max(0, (v).rounded())))
            }
        }
        return RGBImage(width: width, height: height, pixels: out) ?? RGBImage(width: width, height: height)
    }
}

/// For each output index, the source indices it covers and their normalised coverage weights.
struct AreaWeights {
    private var start: [Int] = []
    private var weights: [[Float]] = []

    init(source: Int, target: Int) {
        let scale = Double(source) / Double(target)
        for o in 0..<target {
            let lo = Double(o) * scale, hi = Double(o + 1) * scale
            let first = Int(lo.rounded(.down)), last = min(source - 1, Int((hi - 1e-9).rounded(.down)))
            var ws: [Float] = []
            for i in first...max(first, last) {
                let overlap = min(hi, Double(i + 1)) - max(lo, Double(i))
                ws.append(Float(max(0, overlap) / scale))
            }
            start.append(first)
            weights.append(ws)
        }
    }

    func taps(_ o: Int) -> [(Int, Float)] {
        weights[o].enumerated().map { (start[o] + $0.offset, $0.element) }
    }
}
