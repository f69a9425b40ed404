/// The default bound, in Floats, on a Winograd convolution's transformed input and output
/// (4 Mi floats = 16 MiB together); tiles are processed in chunks that fit it.
public let defaultWinogradBudget = 1 << 22

/// 3x3, stride-1, padding-1 convolution by Winograd's minimal filtering, with the same fused
/// epilogue as ``conv2d(input:weight:bias:stride:padding:relu:residual:layout:columnBudget:)``:
/// `relu?(conv(input) + bias + residual)`, applied while the output tiles are written.
///
/// Tiles of all N images (RoIs) are transformed together, so each tile position is one GEMM
/// `[O, C] x [C, tiles]` however small the maps: a 7x7 RoI map is two 4x4 tiles a side.
/// - Parameters:
///   - input: `[N, C, H, W]` (`.nchw`) or `[C, N, H, W]` (`.channelMajor`).
///   - weights: the transformed kernel (``WinogradWeights``).
///   - budget: upper bound in Floats on the transformed tiles of one chunk.
/// - Returns: `[N, O, H, W]` or `[O, N, H, W]`.
/// - Precondition: shapes agree.
public func winogradConv2d(
    input: Tensor, weights: WinogradWeights, bias: [Float]? = nil, relu: Bool = false,
    residual: Tensor? = nil, layout: TensorLayout = .nchw, budget: Int = defaultWinogradBudget
) -> Tensor {
    let (n, h, w, outShape) = winogradShape(input: input, weights: weights, bias: bias, layout: layout)
    if let residual { precondition(residual.shape == outShape, "residual \(residual.shape) != output \(outShape)") }
    guard n > 0, h > 0, w > 0 else { return Tensor(shape: outShape) }

    return Tensor(shape: outShape) { out in
        guard let outBase = out.baseAddress else { return }
        input.withUnsafeBufferPointer { inBuf in
            weights.transformed.withUnsafeBufferPointer { uBuf in
                withOptionalPointer(bias) { biasPtr in
                    withOptionalPointer(residual?.storage) { resPtr in
                        guard let inBase = inBuf.baseAddress, let uBase = uBuf.baseAddress else { return }
                        runWinograd(weights, transformed: uBase, input: inBase, output: outBase, images: n, height: h,
                                    width: w, layout: layout, budget: budget,
                                    epilogue: Epilogue(bias: biasPtr, residual: resPtr, relu: relu))
                    }
                }
            }
        }
    }
}

/// The same with the residual accumulated in place: `target = relu?(conv(input) + bias +
/// target)`, each output written over the residual value it read.
/// - Precondition: `target` has the output's shape in `layout`.
public func winogradConv2d(
    input: Tensor, weights: WinogradWeights, bias: [Float]? = nil, relu: Bool = false,
    addingInto target: inout Tensor, layout: TensorLayout = .nchw, budget: Int = defaultWinogradBudget
) {
    let (n, h, w, outShape) = winogradShape(input: input, weights: weights, bias: bias, layout: layout)
    precondition(target.shape == outShape, "target \(target.shape) does not fit")
    guard n > 0, h > 0, w > 0 else { return }
    target.withUnsafeMutableBufferPointer { out in
        guard let outBase = out.baseAddress else { return }
        input.withUnsafeBufferPointer { inBuf in
            weights.transformed.withUnsafeBufferPointer { uBuf in
                withOptionalPointer(bias) { biasPtr in
                    guard let inBase = inBuf.baseAddress, let uBase = uBuf.baseAddress else { return }
                    runWinograd(weights, transformed: uBase, input: inBase, output: outBase, images: n, height: h,
                                width: w, layout: layout, budget: budget,
                                epilogue: Epilogue(bias: biasPtr, residual: UnsafePointer(outBase), relu: relu))
                }
            }
        }
    }
}

/// One Winograd convolution's sizes and scratch: the input transformed to
/// `V [positions][C][chunk]`, multiplied to `M [positions][O][chunk]`, transformed back.

/// The images, height, width and output shape of a Winograd convolution, its shapes checked.
private func winogradShape(input: Tensor, weights: WinogradWeights, bias: [Float]?,
                           layout: TensorLayout) -> (Int, Int, Int, [Int]) {
    precondition(input.rank == 4, "conv input must be 4-D, got \(input.shape)")
    let (n, c) = layout == .nchw ? (input.shape[0], input.shape[1]) : (input.shape[1], input.shape[0])
    let (h, w) = (input.shape[2], input.shape[3])
    let o = weights.outChannels
    precondition(c == weights.inChannels, "Winograd weights for \(weights.inChannels) channels, input has \(c)")
    if let bias { precondition(bias.count == o, "bias has \(bias.count) values for \(o) channels") }
    return (n, h, w, layout == .nchw ? [n, o, h, w] : [o, n, h, w])
}

/// Runs the transformed kernel over `images` maps of `height` x `width`: channel-major, all
/// images in one plan; NCHW with one image is channel-major with one image, more go one by one.
private func runWinograd(_ weights: WinogradWeights, transformed: UnsafePointer<Float>, input: UnsafePointer<Float>,
                         output: UnsafeMutablePointer<Float>, images n: Int, height h: Int, width w: Int,
                         layout: TensorLayout, budget: Int, epilogue: Epilogue) {
    let (c, o) = (weights.inChannels, weights.outChannels)
    let (batches, perBatch) = layout == .nchw && n > 1 ? (n, 1) : (1, n)
    let plan = WinogradPlan(tile: weights.tile, inChannels: c, outChannels: o, batch: perBatch,
                            height: h, width: w, budget: budget)
    for b in 0..<batches {
        plan.run(input: input + b * c * h * w, weights: transformed, output: output + b * o * h * w,
                 epilogue: epilogue.offset(by: b * o * h * w))
    }
    plan.release()
}

struct WinogradPlan {
    let tile: WinogradTile
    let inChannels: Int, outChannels: Int
    let batch: Int, height: Int, width: Int
    let tilesDown: Int, tilesAcross: Int
    /// Tiles per chunk, a multiple of the SIMD width.
    let chunk: Int
    private var scratch: UnsafeMutablePointer<Float>
    /// For each tile of an image, where each of its input values lies in the image's plane,
    /// -1 where it falls in the zero padding: the gather needs no bounds checks.
    private let gather: UnsafeMutablePointer<Int32>

    static let lanes = 8

    init(tile: WinogradTile, inChannels: Int, outChannels: Int, batch: Int, height: Int, width: Int, budget: Int) {
        self.tile = tile
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.batch = batch
        self.height = height
        self.width = width
        tilesDown = (height + tile.outputSide - 1) / tile.outputSide
        tilesAcross = (width + tile.outputSide - 1) / tile.outputSide
        let total = batch * tilesDown * tilesAcross
        let perTile = tile.positions * (inChannels + outChannels)
        let fit = max(Self.lanes, budget / max(1, perTile) / Self.lanes * Self.lanes)
        chunk = min(fit, (total + Self.lanes - 1) / Self.lanes * Self.lanes)
        scratch = .allocate(capacity: perTile * chunk)
        let a = tile.inputSide
        gather = .allocate(capacity: max(1, tilesDown * tilesAcross * a * a))
        for ty in 0..<tilesDown {
            for tx in 0..<tilesAcross {
                let base = (ty * tilesAcross + tx) * a * a
                let (y0, x0) = (ty * tile.outputSide - 1, tx * tile.outputSide - 1)
                for i in 0..<a {
                    for j in 0..<a {
                        let (y, x) = (y0 + i, x0 + j)
                        gather[base + i * a + j] = y >= 0 && y < height && x >= 0 && x < width ? Int32(y * width + x) : -1
                    }
                }
            }
        }
    }

    func release() {
        scratch.deallocate()
        gather.deallocate()
    }

    /// Convolves one channel-major batch `[C, batch, H, W]` into `[O, batch, H, W]`.
    func run(input: UnsafePointer<Float>, weights: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
             epilogue: Epilogue) {
        let total = batch * tilesDown * tilesAcross
        let p = tile.positions
        let v = scratch
        let m = scratch + p * inChannels * chunk
        var start = 0
        while start < total {
            let count = min(chunk, total - start)
            let tiles = start..<(start + count)
            Parallel.forRanges(inChannels, minimumChunk: 1) { channels in
                for ci in channels { transformInput(input, channel: ci, tiles: tiles, into: v) }
            }
            // One GEMM per tile position, spread over the cores on one BLAS thread each: the
            // positions are independent, and 16 or 36 mid-sized GEMMs share better that way
            // than each split across threads.
            let (o, c, ld) = (outChannels, inChannels, chunk)
            Parallel.for(p) { position in
                Gemm.multiply(m: o, n: count, k: c, a: weights + position * o * c, lda: c,
                              b: v + position * c * ld, ldb: ld, c: m + position * o * ld, ldc: ld)
            }
            Parallel.forRanges(outChannels, minimumChunk: 1) { channels in
                for co in channels { transformOutput(m, channel: co, tiles: tiles, into: output, epilogue: epilogue) }
            }
            start += count
        }
    }

    /// Where tile `t` starts in its image: (image, first row, first column) of its outputs.
    @inline(__always)
    private func origin(of t: Int) -> (image: Int, y: Int, x: Int) {
        let perImage = tilesDown * tilesAcross
        let image = t / perImage
        let r = t - image * perImage
        let ty = r / tilesAcross
        return (image, ty * tile.outputSide, (r - ty * tilesAcross) * tile.outputSide)
    }

    /// Gathers the input tiles of `tiles` for channel `ci` (8 at a time), applies `B^T d B`
    /// and writes `V[position][ci][tile - tiles.lowerBound]`.
    private func transformInput(_ input: UnsafePointer<Float>, channel ci: Int, tiles: Range<Int>,
                                into v: UnsafeMutablePointer<Float>) {
        let a = tile.inputSide
        let plane = height * width
        let channelBase = input + ci * batch * plane
        let rowStride = inChannels * chunk
        let perImage = tilesDown * tilesAcross
        withUnsafeTemporaryAllocation(of: SIMD8<Float>.self, capacity: a * a) { d in
            guard let d = d.baseAddress else { return }
            var t0 = tiles.lowerBound
            while t0 < tiles.upperBound {
                let lanes = min(Self.lanes, tiles.upperBound - t0)
                for lane in 0..<Self.lanes {
                    guard lane < lanes else {
                        for k in 0..<(a * a) { d[k][lane] = 0 }
                        continue
                    }
                    let t = t0 + lane
                    let image = t / perImage
                    let src = channelBase + image * plane
                    let offsets = gather + (t - image * perImage) * a * a
                    for k in 0..<(a * a) {
                        let offset = Int(offsets[k])
                        d[k][lane] = offset >= 0 ? src[offset] : 0
                    }
                }
                let dst = v + ci * chunk + (t0 - tiles.lowerBound)
                switch tile {
                case .f4: Self.inputTransform4(d)
                case .f2: Self.inputTransform2(d)
                }
                for k in 0..<(a * a) {
                    UnsafeMutableRawPointer(dst + k * rowStride).storeBytes(of: d[k], as: SIMD8<Float>.self)
                }
                t0 += Self.lanes
            }
        }
    }

    /// Reads `M[position][co][tiles]` 8 tiles at a time, applies `A^T m A`, adds the bias
    /// and residual, applies ReLU and writes the outputs that fall inside the map.
    private func transformOutput(_ m: UnsafeMutablePointer<Float>, channel co: Int, tiles: Range<Int>,
                                 into output: UnsafeMutablePointer<Float>, epilogue: Epilogue) {
        let a = tile.inputSide, s = tile.outputSide
        let plane = height * width
        let rowStride = outChannels * chunk
        let bias = epilogue.bias?[co] ?? 0
        let channelOut = output + co * batch * plane
        let channelResidual = epilogue.residual.map { $0 + co * batch * plane }
        withUnsafeTemporaryAllocation(of: SIMD8<Float>.self, capacity: a * a) { q in
            guard let q = q.baseAddress else { return }
            var t0 = tiles.lowerBound
            while t0 < tiles.upperBound {
                let lanes = min(Self.lanes, tiles.upperBound - t0)
                let src = m + co * chunk + (t0 - tiles.lowerBound)
                for k in 0..<(a * a) {
                    q[k] = UnsafeRawPointer(src + k * rowStride).loadUnaligned(as: SIMD8<Float>.self)
                }
                switch tile {
                case .f4: Self.outputTransform4(q)
                case .f2: Self.outputTransform2(q)
                }
                for lane in 0..<lanes {
                    let (image, oy, ox) = origin(of: t0 + lane)
                    let rows = min(s, height - oy), columns = min(s, width - ox)
                    let base = image * plane + oy * width + ox
                    for i in 0..<rows {
                        let dst = channelOut + base + i * width
                        if let channelResidual {
                            let res = channelResidual + base + i * width
                            for j in 0..<columns {
                                let value = q[i * s + j][lane] + bias + res[j]
                                dst[j] = epilogue.relu ? max(value, 0) : value
                            }
                        } else {
                            for j in 0..<columns {
                                let value = q[i * s + j][lane] + bias
                                dst[j] = epilogue.relu ? max(value, 0) : value
                            }
                        }
                    }
                }
                t0 += Self.lanes
            }
        }
    }

    // MARK: Transforms, 8 tiles per SIMD lane set, in place.

    /// `B^T d B` for F(4x4, 3x3) on a 6x6 tile (row-major in `d`).
    @inline(__always)
    static func inputTransform4(_ d: UnsafeMutablePointer<SIMD8<Float>>) {
        @inline(__always)
        func bt(_ p: UnsafeMutablePointer<SIMD8<Float>>, _ step: Int) {
            let (d0, d1, d2, d3, d4, d5) = (p[0], p[step], p[2 * step], p[3 * step], p[4 * step], p[5 * step])
            p[0] = 4 * d0 - 5 * d2 + d4
            p[step] = d3 + d4 - 4 * (d1 + d2)
            p[2 * step] = 4 * (d1 - d2) + d4 - d3
            p[3 * step] = 2 * (d3 - d1) + d4 - d2
            p[4 * step] = 2 * (d1 - d3) + d4 - d2
            p[5 * step] = 4 * d1 - 5 * d3 + d5
        }
        for j in 0..<6 { bt(d + j, 6) }
        for i in 0..<6 { bt(d + i * 6, 1) }
    }

    /// `A^T m A` for F(4x4, 3x3): the 6x6 products to a 4x4 output tile (row-major, first 16).
    @inline(__always)
    static func outputTransform4(_ q: UnsafeMutablePointer<SIMD8<Float>>) {
        // Columns first (6 columns of 6 to 4 rows), into rows 0..<4 of the 6x6 grid.
        for j in 0..<6 {
            let (m0, m1, m2, m3, m4, m5) = (q[j], q[6 + j], q[12 + j], q[18 + j], q[24 + j], q[30 + j])
            let (s12, d12, s34, d34) = (m1 + m2, m1 - m2, m3 + m4, m3 - m4)
            q[j] = m0 + s12 + s34
            q[6 + j] = d12 + 2 * d34
            q[12 + j] = s12 + 4 * s34
            q[18 + j] = d12 + 8 * d34 + m5
        }
        // Then rows: row i (6 values) to 4 values at i * 4 (ascending, so no overlap is read after written).
        for i in 0..<4 {
            let r = q + i * 6
            let (m0, m1, m2, m3, m4, m5) = (r[0], r[1], r[2], r[3], r[4], r[5])
            let (s12, d12, s34, d34) = (m1 + m2, m1 - m2, m3 + m4, m3 - m4)
            let o = q + i * 4
            o[0] = m0 + s12 + s34
            o[1] = d12 + 2 * d34
            o[2] = s12 + 4 * s34
            o[3] = d12 + 8 * d34 + m5
        }
    }

    /// `B^T d B` for F(2x2, 3x3) on a 4x4 tile.
    @inline(__always)
    static func inputTransform2(_ d: UnsafeMutablePointer<SIMD8<Float>>) {
        @inline(__always)
        func bt(_ p: UnsafeMutablePointer<SIMD8<Float>>, _ step: Int) {
            let (d0, d1, d2, d3) = (p[0], p[step], p[2 * step], p[3 * step])
            p[0] = d0 - d2
            p[step] = d1 + d2
            p[2 * step] = d2 - d1
            p[3 * step] = d1 - d3
        }
        for j in 0..<4 { bt(d + j, 4) }
        for i in 0..<4 { bt(d + i * 4, 1) }
    }

    /// `A^T m A` for F(2x2, 3x3): 4x4 products to a 2x2 tile (row-major, first 4).
    @inline(__always)
    static func outputTransform2(_ q: UnsafeMutablePointer<SIMD8<Float>>) {
        for j in 0..<4 {
            let (m0, m1, m2, m3) = (q[j], q[4 + j], q[8 + j], q[12 + j])
            q[j] = m0 + m1 + m2
            q[4 + j] = m1 - m2 - m3
        }
        for i in 0..<2 {
            let r = q + i * 4
            let (m0, m1, m2, m3) = (r[0], r[1], r[2], r[3])
            q[i * 2] = m0 + m1 + m2
            q[i * 2 + 1] = m1 - m2 - m3
        }
    }
}
