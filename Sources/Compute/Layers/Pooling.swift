/// 2-D max pooling over NCHW, as PyTorch's `F.max_pool2d` (ceil_mode false, padding
/// counts as -infinity). The stem uses kernel 3, stride 2, padding 1; FPN's P6 is
/// kernel 1, stride 2 (plain subsampling).
/// - Returns: `[N, C, (H + 2p - k) / s + 1, (W + 2p - k) / s + 1]`.
/// - Precondition: 4-D input, positive kernel and stride, `padding <= kernel / 2`.
public func maxPool2d(input: Tensor, kernel: Int, stride: Int, padding: Int = 0) -> Tensor {
    precondition(input.rank == 4, "maxPool2d input must be 4-D, got \(input.shape)")
    precondition(kernel > 0 && stride > 0 && padding >= 0 && padding <= kernel / 2,
                 "maxPool2d: invalid kernel \(kernel), stride \(stride), padding \(padding)")
    let g = ConvolutionGeometry(channels: input.shape[1], height: input.shape[2], width: input.shape[3],
                                kernelHeight: kernel, kernelWidth: kernel, stride: stride, padding: padding)
    let (h, w, ho, wo) = (g.height, g.width, g.outputHeight, g.outputWidth)
    let planes = input.shape[0] * input.shape[1]
    // Separable: the maximum over each row's window, then over the rows. The maximum of maxima
    // is the maximum, NaN anywhere gives NaN, and among equal values (signed zeros) the first
    // in row-major order is kept, as PyTorch's scan keeps it.
    let columnStarts = (0..<wo).map { max($0 * stride - padding, 0) }
    let columnEnds = (0..<wo).map { min($0 * stride - padding + kernel, w) }
    // Outputs whose window lies inside the row take the unclipped, unrolled loop.
    let interiorStart = min((padding + stride - 1) / stride, wo)
    let interiorEnd = w + padding >= kernel ? max(min((w + padding - kernel) / stride + 1, wo), interiorStart) : interiorStart
    let interior = interiorStart..<interiorEnd
    return Tensor(shape: [input.shape[0], input.shape[1], ho, wo]) { out in
        guard let dstBase = out.baseAddress else { return }
        input.withUnsafeBufferPointer { inBuf in
            guard let srcBase = inBuf.baseAddress else { return }
            Parallel.forRanges(planes) { planeRange in
                withUnsafeTemporaryAllocation(of: Float.self, capacity: h * wo) { rows in
                    guard let rowMax = rows.baseAddress else { return }
                    for plane in planeRange {
                        let src = srcBase + plane * h * w
                        let dst = dstBase + plane * ho * wo
                        columnStarts.withUnsafeBufferPointer { starts in
                            columnEnds.withUnsafeBufferPointer { ends in
                                for y in 0..<h {
                                    rowWindowMaxima(src + y * w, into: rowMax + y * wo, interior: interior,
                                                    kernel: kernel, stride: stride, padding: padding,
                                                    starts: starts, ends: ends)
                                }
                            }
                        }
                        for oy in 0..<ho {
                            let y0 = max(oy * stride - padding, 0)
                            let y1 = min(oy * stride - padding + kernel, h)
                            let target = dst + oy * wo
                            target.update(from: rowMax + y0 * wo, count: wo)
                            for y in (y0 + 1)..<y1 {
                                let row = rowMax + y * wo
                                for ox in 0..<wo { target[ox] = poolMax(target[ox], row[ox]) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// One row's window maxima (`target[ox]` over columns `starts[ox]..<ends[ox]`), scanned
/// left to right as PyTorch scans. Windows in `interior` lie inside the row: the stem's
/// kernel 3 / stride 2 and kernel 1 have straight loops there that the compiler vectorises.
@inline(__always)
private func rowWindowMaxima(_ row: UnsafePointer<Float>, into target: UnsafeMutablePointer<Float>, interior: Range<Int>,
                             kernel: Int, stride: Int, padding: Int,
                             starts: UnsafeBufferPointer<Int>, ends: UnsafeBufferPointer<Int>) {
    func clipped(_ ox: Int) {
        let (x0, x1) = (starts[ox], ends[ox])
        var best = row[x0]
        var x = x0 &+ 1
        while x < x1 {
            best = poolMax(best, row[x])
            x = x &+ 1
        }
        target[ox] = best
    }
    for ox in 0..<interior.lowerBound { clipped(ox) }
    if kernel == 3 && stride == 2 {
        for ox in interior {
            let x = 2 &* ox &- padding
            target[ox] = poolMax(poolMax(row[x], row[x &+ 1]), row[x &+ 2])
        }
    } else if kernel == 1 {
        for ox in interior { target[ox] = row[stride &* ox &- padding] }
    } else {
        for ox in interior { clipped(ox) }
    }
    for ox in interior.upperBound..<starts.count { clipped(ox) }
}

/// The running maximum after `value`, as PyTorch's max pooling scans: a larger value or any
/// NaN replaces it, an equal one does not.
@inline(__always)
private func poolMax(_ best: Float, _ value: Float) -> Float {
    value > best || value.isNaN ? value : best
}

/// Global average pooling (`F.adaptive_avg_pool2d(x, 1).flatten(1)`).
/// - Parameters:
///   - input: `[N, C, H, W]` (`.nchw`) or `[C, N, H, W]` (`.channelMajor`).
/// - Returns: `[N, C]` in both cases, ready for ``linear(input:weight:bias:relu:)``.
public func globalAveragePool(input: Tensor, layout: TensorLayout = .nchw) -> Tensor {
    precondition(input.rank == 4, "globalAveragePool input must be 4-D, got \(input.shape)")
    let (n, c) = layout == .nchw ? (input.shape[0], input.shape[1]) : (input.shape[1], input.shape[0])
    let plane = input.shape[2] * input.shape[3]
    let scale = 1 / Float(plane)
    return Tensor(shape: [n, c]) { out in
        guard let dst = out.baseAddress else { return }
        input.withUnsafeBufferPointer { inBuf in
            guard let src = inBuf.baseAddress else { return }
            Parallel.forRanges(n * c, minimumChunk: 256) { range in
                for index in range {
                    let (i, ch) = (index / c, index % c)
                    let p = layout == .nchw ? src + index * plane : src + (ch * n + i) * plane
                    var sum: Float = 0
                    for k in 0..<plane { sum += p[k] }
                    dst[index] = sum * scale
                }
            }
        }
    }
}
