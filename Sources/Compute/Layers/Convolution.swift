/// The default bound, in Floats, on the im2col scratch matrix of one GEMM
/// (4 Mi floats = 16 MiB); output rows are processed in chunks that fit it.
public let defaultColumnBudget = 1 << 22

/// 2-D convolution (cross-correlation, as PyTorch's `Conv2d`) with a fused epilogue:
/// `output = relu?(conv(input, weight) + bias + residual)`.
///
/// - Parameters:
///   - input: `[N, C, H, W]` for `.nchw`, or `[C, N, H, W]` for `.channelMajor`.
///   - weight: `[O, C, kh, kw]` (PyTorch layout; fold BatchNorm into it beforehand).
///   - bias: `O` values, or nil.
///   - stride, padding: as PyTorch, equal in both directions; zero padding.
///   - relu: apply ReLU after adding bias and residual.
///   - residual: a tensor of the output's shape and layout added before the ReLU
///     (the identity path of a ResNet bottleneck).
///   - layout: the layout of `input`, `residual` and the result.
///   - columnBudget: upper bound in Floats on the im2col scratch.
/// - Returns: `[N, O, Ho, Wo]` (`.nchw`) or `[O, N, Ho, Wo]` (`.channelMajor`).
///
/// A 1x1 stride-1 kernel is one GEMM `[O, C] x [C, H*W]` per image with no copy;
/// other kernels unfold patches (``Im2col``) in row chunks and multiply with OpenBLAS.
/// In `.channelMajor` layout all N images (RoIs) share each GEMM, so small 7x7 maps
/// still give large matrices: keep the Double-Head conv branch in that layout.
/// - Precondition: shapes agree (`C` of input and weight, bias count, residual shape).
public func conv2d(
    input: Tensor, weight: Tensor, bias: [Float]? = nil, stride: Int = 1, padding: Int = 0,
    relu: Bool = false, residual: Tensor? = nil, layout: TensorLayout = .nchw,
    columnBudget: Int = defaultColumnBudget
) -> Tensor {
    let (n, c, o, g, outShape) = convolutionShape(input: input, weight: weight, bias: bias, stride: stride,
                                                  padding: padding, layout: layout)
    let (ho, wo) = (g.outputHeight, g.outputWidth)
    if let residual { precondition(residual.shape == outShape, "residual \(residual.shape) != output \(outShape)") }

    return Tensor(shape: outShape) { out in
        guard let outBase = out.baseAddress else { return }
        input.withUnsafeBufferPointer { inBuf in
            weight.withUnsafeBufferPointer { wBuf in
                withOptionalPointer(bias) { biasPtr in
                    withOptionalPointer(residual?.storage) { resPtr in
                        guard let inBase = inBuf.baseAddress, let wBase = wBuf.baseAddress else { return }
                        let epilogue = Epilogue(bias: biasPtr, residual: resPtr, relu: relu)
                        switch layout {
                        case .channelMajor:
                            convolveBatch(input: inBase, batch: n, geometry: g, weight: wBase, outChannels: o,
                                          output: outBase, epilogue: epilogue, columnBudget: columnBudget)
                        case .nchw:
                            let inStride = c * g.height * g.width
                            let outStride = o * ho * wo
                            var scratch = ScratchBuffer()
                            for i in 0..<n {
                                convolveBatch(input: inBase + i * inStride, batch: 1, geometry: g, weight: wBase,
                                              outChannels: o, output: outBase + i * outStride,
                                              epilogue: epilogue.offset(by: i * outStride),
                                              columnBudget: columnBudget, scratch: &scratch)
                            }
                            scratch.release()
                        }
                    }
                }
            }
        }
    }
}

/// The same convolution with the residual accumulated in place: `target = relu?(conv(input,
/// weight) + bias + target)`. The GEMM adds into `target` (beta 1), so the residual add costs
/// no pass and no output tensor of its own: a ResNet block's last conv writes over its identity.
/// - Precondition: `target` has the output's shape in `layout`.
public func conv2d(
    input: Tensor, weight: Tensor, bias: [Float]? = nil, stride: Int = 1, padding: Int = 0,
    relu: Bool = false, addingInto target: inout Tensor, layout: TensorLayout = .nchw,
    columnBudget: Int = defaultColumnBudget
) {
    let (n, c, o, g, outShape) = convolutionShape(input: input, weight: weight, bias: bias, stride: stride,
                                                  padding: padding, layout: layout)
    let (ho, wo) = (g.outputHeight, g.outputWidth)
    precondition(target.shape == outShape, "target \(target.shape) != output \(outShape)")
    target.withUnsafeMutableBufferPointer { out in
        guard let outBase = out.baseAddress else { return }
        input.withUnsafeBufferPointer { inBuf in
            weight.withUnsafeBufferPointer { wBuf in
                withOptionalPointer(bias) { biasPtr in
                    guard let inBase = inBuf.baseAddress, let wBase = wBuf.baseAddress else { return }
                    let epilogue = Epilogue(bias: biasPtr, residual: nil, relu: relu)
                    let (batches, perBatch) = layout == .nchw ? (n, 1) : (1, n)
                    for i in 0..<batches {
                        convolveBatch(input: inBase + i * c * g.height * g.width, batch: perBatch, geometry: g,
                                      weight: wBase, outChannels: o, output: outBase + i * o * ho * wo,
                                      epilogue: epilogue, columnBudget: columnBudget, beta: 1)
                    }
                }
            }
        }
    }
}

/// Bias, residual and ReLU applied to GEMM output `[O, total]` column ranges.
struct Epilogue {
    var bias: UnsafePointer<Float>?
    var residual: UnsafePointer<Float>?
    var relu: Bool

    var isEmpty: Bool { bias == nil && residual == nil && !relu }

    func offset(by count: Int) -> Epilogue {
        Epilogue(bias: bias, residual: residual.map { $0 + count }, relu: relu)
    }

    /// Applies the epilogue to columns `columns` of the row-major `[rows, ld]` matrix `c`.
    func apply(to c: UnsafeMutablePointer<Float>, rows: Int, ld: Int, columns: Range<Int>) {
        if isEmpty { return }
        let minimumRows = max(1, 16_384 / max(1, columns.count))
        Parallel.forRanges(rows, minimumChunk: minimumRows) { rowRange in
            apply(to: c, rows: rowRange, ld: ld, columns: columns)
        }
    }

    /// The same on the calling thread, for rows `rows`: for a block that is still in cache.
    func apply(to c: UnsafeMutablePointer<Float>, rows: Range<Int>, ld: Int, columns: Range<Int>) {
        if isEmpty { return }
        let count = columns.count
        for row in rows {
            let p = c + row * ld + columns.lowerBound
            let b = bias?[row] ?? 0
            if let residual {
                let r = residual + row * ld + columns.lowerBound
                if relu {
                    for i in 0..<count { p[i] = max(p[i] + b + r[i], 0) }
                } else {
                    for i in 0..<count { p[i] = p[i] + b + r[i] }
                }
            } else if relu {
                for i in 0..<count { p[i] = max(p[i] + b, 0) }
            } else if bias != nil {
                for i in 0..<count { p[i] += b }
            }
        }
    }
}

/// Output maps up to this many positions are unfolded with a gather table, whole images
/// at a time; larger maps are unfolded row by row.
let smallMapPositions = 1024

/// A reusable im2col scratch allocation, drawn from and returned to ``ScratchPool``.
struct ScratchBuffer {
    private var storage: UnsafeMutablePointer<Float>?
    private var capacity = 0

    mutating func pointer(count: Int) -> UnsafeMutablePointer<Float> {
        if let storage, capacity >= count { return storage }
        release()
        let fresh = ScratchPool.shared.take(count: count)
        storage = fresh.pointer
        capacity = fresh.capacity
        return fresh.pointer
    }

    mutating func release() {
        if let storage { ScratchPool.shared.recycle(storage, capacity: capacity) }
        storage = nil
        capacity = 0
    }
}

/// Convolution of a channel-major batch `[C, batch, H, W]` into `[O, batch, Ho, Wo]`.
private func convolveBatch(
    input: UnsafePointer<Float>, batch: Int, geometry g: ConvolutionGeometry,
    weight: UnsafePointer<Float>, outChannels o: Int, output: UnsafeMutablePointer<Float>,
    epilogue: Epilogue, columnBudget: Int, beta: Float = 0
) {
    var scratch = ScratchBuffer()
    convolveBatch(input: input, batch: batch, geometry: g, weight: weight, outChannels: o,
                  output: output, epilogue: epilogue, columnBudget: columnBudget, scratch: &scratch, beta: beta)
    scratch.release()
}

private func convolveBatch(
    input: UnsafePointer<Float>, batch: Int, geometry g: ConvolutionGeometry,
    weight: UnsafePointer<Float>, outChannels o: Int, output: UnsafeMutablePointer<Float>,
    epilogue: Epilogue, columnBudget: Int, scratch: inout ScratchBuffer, beta: Float = 0
) {
    let (ho, wo) = (g.outputHeight, g.outputWidth)
    let total = batch * ho * wo
    let k = g.patchSize
    if g.kernelHeight == 1 && g.kernelWidth == 1 && g.padding == 0 {
        pointwise(input: input, batch: batch, geometry: g, weight: weight, outChannels: o, output: output,
                  epilogue: epilogue, beta: beta)
        return
    }
    let positions = ho * wo
    if positions <= smallMapPositions {
        // Small maps (RoI features): whole images per chunk, table-driven unfold.
        let imagesPerChunk = max(1, min(batch, columnBudget / max(1, k * positions)))
        let columns = scratch.pointer(count: k * imagesPerChunk * positions)
        let table = Im2col.gatherTable(geometry: g)
        table.withUnsafeBufferPointer { tableBuffer in
            guard let tablePointer = tableBuffer.baseAddress else { return }
            var i0 = 0
            while i0 < batch {
                let i1 = min(batch, i0 + imagesPerChunk)
                Im2col.unfoldImages(input: input, batch: batch, geometry: g, images: i0..<i1,
                                    table: tablePointer, columns: columns)
                let n = (i1 - i0) * positions
                Gemm.multiply(m: o, n: n, k: k, a: weight, lda: k, b: columns, ldb: n,
                              c: output + i0 * positions, ldc: total, beta: beta)
                epilogue.apply(to: output, rows: o, ld: total, columns: (i0 * positions)..<(i1 * positions))
                i0 = i1
            }
        }
        return
    }
    let totalRows = batch * ho
    let rowsPerChunk = max(1, min(totalRows, columnBudget / max(1, k * wo)))
    let columns = scratch.pointer(count: k * rowsPerChunk * wo)
    var r0 = 0
    while r0 < totalRows {
        let r1 = min(totalRows, r0 + rowsPerChunk)
        Im2col.unfold(input: input, batch: batch, geometry: g, rows: r0..<r1, columns: columns)
        let n = (r1 - r0) * wo
        Gemm.multiply(m: o, n: n, k: k, a: weight, lda: k, b: columns, ldb: n,
                      c: output + r0 * wo, ldc: total, beta: beta)
        epilogue.apply(to: output, rows: o, ld: total, columns: (r0 * wo)..<(r1 * wo))
        r0 = r1
    }
}

/// Output columns per block of a 1x1 convolution: about 1 MiB of output, so the epilogue
/// finds the block in cache.
func pointwiseBlockWidth(outChannels: Int) -> Int {
    max(64, min(1024, (1 << 18) / max(1, outChannels)))
}

/// A 1x1 convolution (any stride, no padding) as GEMMs `[O, C] x [C, block]` over blocks of
/// output positions, the blocks spread over the cores on one BLAS thread each and each
/// block's epilogue applied while it is in cache. Stride 1 reads the input in place;
/// a larger stride gathers the block's strided positions (a strided view, no im2col).
private func pointwise(
    input: UnsafePointer<Float>, batch: Int, geometry g: ConvolutionGeometry,
    weight: UnsafePointer<Float>, outChannels o: Int, output: UnsafeMutablePointer<Float>, epilogue: Epilogue,
    beta: Float
) {
    let (ho, wo) = (g.outputHeight, g.outputWidth)
    let total = batch * ho * wo
    let c = g.channels
    let width = pointwiseBlockWidth(outChannels: o)
    let blocks = (total + width - 1) / width
    let plane = g.height * g.width
    Parallel.forRanges(blocks, minimumChunk: 1) { blockRange in
        var gathered: UnsafeMutablePointer<Float>?
        var offsets = [Int](repeating: 0, count: g.stride != 1 ? width : 0)
        defer { gathered?.deallocate() }
        for block in blockRange {
            let j0 = block * width, j1 = min(total, j0 + width)
            var b = input + j0, ldb = total
            if g.stride != 1 {
                let buffer = gathered ?? .allocate(capacity: c * width)
                gathered = buffer
                for j in j0..<j1 {
                    let image = j / (ho * wo), r = j - image * ho * wo
                    let oy = r / wo, ox = r - oy * wo
                    offsets[j - j0] = image * plane + oy * g.stride * g.width + ox * g.stride
                }
                offsets.withUnsafeBufferPointer { offset in
                    for ci in 0..<c {
                        let source = input + ci * batch * plane, row = buffer + ci * width
                        for j in 0..<(j1 - j0) { row[j] = source[offset[j]] }
                    }
                }
                b = UnsafePointer(buffer)
                ldb = width
            }
            Gemm.multiply(m: o, n: j1 - j0, k: c, a: weight, lda: c, b: b, ldb: ldb, c: output + j0, ldc: total,
                          beta: beta)
            epilogue.apply(to: output, rows: 0..<o, ld: total, columns: j0..<j1)
        }
    }
}

/// Calls `body` with a pointer to `array`'s elements, or nil when `array` is nil.
func withOptionalPointer<R>(_ array: [Float]?, _ body: (UnsafePointer<Float>?) -> R) -> R {
    guard let array else { return body(nil) }
    return array.withUnsafeBufferPointer { body($0.baseAddress) }
}

/// The batch, input and output channels, geometry and output shape of a convolution, its
/// shapes checked.
private func convolutionShape(input: Tensor, weight: Tensor, bias: [Float]?, stride: Int, padding: Int,
                              layout: TensorLayout) -> (Int, Int, Int, ConvolutionGeometry, [Int]) {
    precondition(input.rank == 4, "conv2d input must be 4-D, got \(input.shape)")
    precondition(weight.rank == 4, "conv2d weight must be [O, C, kh, kw], got \(weight.shape)")
    let (n, c) = layout == .nchw ? (input.shape[0], input.shape[1]) : (input.shape[1], input.shape[0])
    let o = weight.shape[0]
    precondition(weight.shape[1] == c, "weight \(weight.shape) does not match \(c) input channels")
    if let bias { precondition(bias.count == o, "bias has \(bias.count) values for \(o) channels") }
    let g = ConvolutionGeometry(channels: c, height: input.shape[2], width: input.shape[3],
                                kernelHeight: weight.shape[2], kernelWidth: weight.shape[3],
                                stride: stride, padding: padding)
    precondition(g.outputHeight > 0 && g.outputWidth > 0, "convolution output would be empty for input \(input.shape)")
    let outShape = layout == .nchw ? [n, o, g.outputHeight, g.outputWidth] : [o, n, g.outputHeight, g.outputWidth]
    return (n, c, o, g, outShape)
}
