/// Unfolds convolution patches into a matrix for GEMM.
public enum Im2col {
    /// Writes the patch matrix of output rows `rows` of a channel-major batch.
    ///
    /// - Parameters:
    ///   - input: `[C, batch, H, W]` (for one NCHW image, `batch == 1`).
    ///   - batch: images in `input`.
    ///   - geometry: sizes; output rows are numbered `b * outputHeight + oy`.
    ///   - rows: the output rows to unfold.
    ///   - columns: destination `[C * kh * kw, rows.count * outputWidth]`, row-major,
    ///     row index `c * kh * kw + ky * kw + kx` (the order of PyTorch's weight layout).
    public static func unfold(
        input: UnsafePointer<Float>, batch: Int, geometry g: ConvolutionGeometry,
        rows: Range<Int>, columns: UnsafeMutablePointer<Float>
    ) {
        let (h, w, kh, kw) = (g.height, g.width, g.kernelHeight, g.kernelWidth)
        let (stride, pad) = (g.stride, g.padding)
        let (ho, wo) = (g.outputHeight, g.outputWidth)
        let width = rows.count * wo
        let plane = h * w
        Parallel.forRanges(g.patchSize, minimumChunk: 4) { patchRows in
            for kr in patchRows {
                let ci = kr / (kh * kw)
                let ky = (kr / kw) % kh
                let kx = kr % kw
                var dst = columns + kr * width
                // Valid output columns for stride 1: ix = ox - pad + kx in [0, w).
                let lo = min(wo, max(0, pad - kx))
                let hi = max(lo, min(wo, w + pad - kx))
                for r in rows {
                    let b = r / ho
                    let oy = r - b * ho
                    let iy = oy * stride - pad + ky
                    if iy < 0 || iy >= h {
                        dst.update(repeating: 0, count: wo)
                    } else {
                        let src = input + (ci * batch + b) * plane + iy * w
                        if stride == 1 {
                            if lo > 0 { dst.update(repeating: 0, count: lo) }
                            if hi > lo { (dst + lo).update(from: src + (lo - pad + kx), count: hi - lo) }
                            if hi < wo { (dst + hi).update(repeating: 0, count: wo - hi) }
                        } else {
                            var ix = -pad + kx
                            for ox in 0..<wo {
                                dst[ox] = (ix >= 0 && ix < w) ? src[ix] : 0
                                ix += stride
                            }
                        }
                    }
                    dst += wo
                }
            }
        }
    }

    /// Offsets into one input plane for every (tap, output position) of a small map:
    /// entry `(ky * kw + kx) * (Ho * Wo) + oy * Wo + ox` is `iy * W + ix`, or -1 in the padding.
    public static func gatherTable(geometry g: ConvolutionGeometry) -> [Int32] {
        let (ho, wo) = (g.outputHeight, g.outputWidth)
        var table = [Int32](repeating: -1, count: g.kernelHeight * g.kernelWidth * ho * wo)
        for ky in 0..<g.kernelHeight {
            for kx in 0..<g.kernelWidth {
                let base = (ky * g.kernelWidth + kx) * ho * wo
                for oy in 0..<ho {
                    let iy = oy * g.stride - g.padding + ky
                    guard iy >= 0 && iy < g.height else { continue }
                    for ox in 0..<wo {
                        let ix = ox * g.stride - g.padding + kx
                        if ix >= 0 && ix < g.width { table[base + oy * wo + ox] = Int32(iy * g.width + ix) }
                    }
                }
            }
        }
        return table
    }

    /// Writes the patch matrix of whole images `images` of a channel-major batch using a
    /// ``gatherTable(geometry:)``: one table lookup per element, no per-row calls. Best for
    /// small maps such as the 7x7 RoI features; columns are `images.count * Ho * Wo` wide.
    public static func unfoldImages(
        input: UnsafePointer<Float>, batch: Int, geometry g: ConvolutionGeometry,
        images: Range<Int>, table: UnsafePointer<Int32>, columns: UnsafeMutablePointer<Float>
    ) {
        let (kh, kw) = (g.kernelHeight, g.kernelWidth)
        let positions = g.outputHeight * g.outputWidth
        let width = images.count * positions
        let plane = g.height * g.width
        Parallel.forRanges(g.patchSize, minimumChunk: 4) { patchRows in
            for kr in patchRows {
                let ci = kr / (kh * kw)
                let tap = table + (kr % (kh * kw)) * positions
                var dst = columns + kr * width
                for b in images {
                    let src = input + (ci * batch + b) * plane
                    for j in 0..<positions {
                        let offset = Int(tap[j])
                        dst[j] = offset >= 0 ? src[offset] : 0
                    }
                    dst += positions
                }
            }
        }
    }
}
