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
    return Tensor(shape: [input.shape[0], input.shape[1], ho, wo]) { out in
        guard let dstBase = out.baseAddress else { return }
        input.withUnsafeBufferPointer { inBuf in
            guard let srcBase = inBuf.baseAddress else { return }
            Parallel.forRanges(planes) { planeRange in
                for plane in planeRange {
                    let src = srcBase + plane * h * w
                    let dst = dstBase + plane * ho * wo
                    for oy in 0..<ho {
                        let y0 = max(oy * stride - padding, 0)
                        let y1 = min(oy * stride - padding + kernel, h)
                        for ox in 0..<wo {
                            let x0 = max(ox * stride - padding, 0)
                            let x1 = min(ox * stride - padding + kernel, w)
                            var best = -Float.infinity
                            for y in y0..<y1 {
                                for x in x0..<x1 {
                                    let v = src[y * w + x]
                                    // NaN propagates, as in PyTorch.
                                    if v > best || v.isNaN { best = v }
                                }
                            }
                            dst[oy * wo + ox] = best
                        }
                    }
                }
            }
        }
    }
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
