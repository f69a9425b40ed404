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

/// One Winograd convolution's sizes and scratch: the input transformed to
/// `V [positions][C][columns]`, multiplied to `M [positions][O][columns]`, transformed back.
///
/// The SIMD lanes of the transforms run over eight tiles at once, laid out so that reading
/// them costs no bounds checks:
/// - over images (a batch of RoI maps): the columns are `tile position x image`, so the eight
///   lanes read the same place of eight maps and share one padding pattern;
/// - over neighbouring tiles of one map (a batch of one): a chunk of tile rows is first copied
///   into a zero-bordered buffer, so every tile's window lies inside it.
struct WinogradPlan {
    let tile: WinogradTile
    let inChannels: Int, outChannels: Int
    let batch: Int, height: Int, width: Int
    let tilesDown: Int, tilesAcross: Int
    /// Whether the lanes run over images (batch > 1) rather than over one map's tiles.
    let acrossImages: Bool
    /// Images per chunk (across images) or tile rows per chunk (one map).
    let unitsPerChunk: Int
    /// Columns of V and M: a chunk's tiles and one SIMD group's overhang.
    let columns: Int
    private let scratch: UnsafeMutablePointer<Float>
    private let scratchCapacity: Int
    /// Across images: for each tile position of a map, where each of its input values lies in
    /// the map's plane, -1 where it falls in the zero padding.
    private let gather: UnsafeMutablePointer<Int32>

    static let lanes = 8

    var tilesPerImage: Int { tilesDown * tilesAcross }

    init(tile: WinogradTile, inChannels: Int, outChannels: Int, batch: Int, height: Int, width: Int, budget: Int) {
        self.tile = tile
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.batch = batch
        self.height = height
        self.width = width
        tilesDown = (height + tile.outputSide - 1) / tile.outputSide
        tilesAcross = (width + tile.outputSide - 1) / tile.outputSide
        acrossImages = batch > 1
        let perTile = tile.positions * (inChannels + outChannels)
        let fit = max(1, budget / max(1, perTile))
        let perUnit = acrossImages ? tilesDown * tilesAcross : tilesAcross
        unitsPerChunk = max(1, min(acrossImages ? batch : tilesDown, fit / max(1, perUnit)))
        columns = unitsPerChunk * perUnit + Self.lanes
        (scratch, scratchCapacity) = ScratchPool.shared.take(count: perTile * columns)
        let a = tile.inputSide
        let offsets = acrossImages ? tilesDown * tilesAcross * a * a : 0
        gather = .allocate(capacity: max(1, offsets))
        guard acrossImages else { return }
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
        ScratchPool.shared.recycle(scratch, capacity: scratchCapacity)
        gather.deallocate()
    }

    /// Convolves one channel-major batch `[C, batch, H, W]` into `[O, batch, H, W]`.
    func run(input: UnsafePointer<Float>, weights: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
             epilogue: Epilogue) {
        let p = tile.positions
        let v = scratch
        let m = scratch + p * inChannels * columns
        let total = acrossImages ? batch : tilesDown
        var start = 0
        while start < total {
            let units = start..<min(total, start + unitsPerChunk)
            let count = units.count * (acrossImages ? tilesPerImage : tilesAcross)
            Parallel.forRanges(inChannels, minimumChunk: 1) { channels in
                for ci in channels {
                    if acrossImages {
                        transformInput(input, channel: ci, images: units, into: v)
                    } else {
                        transformInput(input, channel: ci, tileRows: units, into: v)
                    }
                }
            }
            // One GEMM per tile position, spread over the cores on one BLAS thread each: the
            // positions are independent, and 16 or 36 mid-sized GEMMs share better that way
            // than each split across threads.
            let (o, c, ld) = (outChannels, inChannels, columns)
            Parallel.for(p) { position in
                Gemm.multiply(m: o, n: count, k: c, a: weights + position * o * c, lda: c,
                              b: v + position * c * ld, ldb: ld, c: m + position * o * ld, ldc: ld)
            }
            Parallel.forRanges(outChannels, minimumChunk: 1) { channels in
                for co in channels {
                    if acrossImages {
                        transformOutput(m, channel: co, images: units, into: output, epilogue: epilogue)
                    } else {
                        transformOutput(m, channel: co, tileRows: units, into: output, epilogue: epilogue)
                    }
                }
            }
            start = units.upperBound
        }
    }

    /// One pointer per SIMD lane.
    typealias LanePointers = (UnsafePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>,
                              UnsafePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>)

    /// Eight loads at `offset` from eight pointers, one per lane.
    @inline(__always)
    private static func load(_ p: LanePointers, at offset: Int) -> SIMD8<Float> {
        SIMD8(p.0[offset], p.1[offset], p.2[offset], p.3[offset], p.4[offset], p.5[offset], p.6[offset], p.7[offset])
    }

    /// The pointers of lane `k` at `lane(min(k, last))`: a short lane set repeats its last lane.
    @inline(__always)
    private static func lanes(last: Int, _ lane: (Int) -> UnsafePointer<Float>) -> LanePointers {
        (lane(0), lane(min(1, last)), lane(min(2, last)), lane(min(3, last)),
         lane(min(4, last)), lane(min(5, last)), lane(min(6, last)), lane(min(7, last)))
    }

    /// Stores the `count` vectors of `d` to rows `rowStride` floats apart from `target`.
    @inline(__always)
    private static func store(_ d: UnsafeMutablePointer<SIMD8<Float>>, count: Int, to target: UnsafeMutablePointer<Float>,
                              rowStride: Int) {
        for k in 0..<count {
            UnsafeMutableRawPointer(target + k * rowStride).storeBytes(of: d[k], as: SIMD8<Float>.self)
        }
    }

    /// Loads `count` vectors into `q` from rows `rowStride` floats apart from `source`.
    @inline(__always)
    private static func load(_ q: UnsafeMutablePointer<SIMD8<Float>>, count: Int, from source: UnsafePointer<Float>,
                             rowStride: Int) {
        for k in 0..<count {
            q[k] = UnsafeRawPointer(source + k * rowStride).loadUnaligned(as: SIMD8<Float>.self)
        }
    }

    /// Transforms channel `ci` of `images` (columns `position * images.count + image`), eight
    /// images per lane set; a short last set repeats its last image in the spare lanes,
    /// whose columns belong to the next position and are written again there.
    private func transformInput(_ input: UnsafePointer<Float>, channel ci: Int, images: Range<Int>,
                                into v: UnsafeMutablePointer<Float>) {
        let a = tile.inputSide, area = a * a
        let plane = height * width
        let channelBase = input + ci * batch * plane
        let rowStride = inChannels * columns
        let count = images.count
        withUnsafeTemporaryAllocation(of: SIMD8<Float>.self, capacity: area) { d in
            guard let d = d.baseAddress else { return }
            for position in 0..<tilesPerImage {
                let offsets = gather + position * area
                var g = 0
                while g < count {
                    let first = channelBase + (images.lowerBound + g) * plane
                    let p = Self.lanes(last: min(Self.lanes, count - g) - 1) { first + $0 * plane }
                    for k in 0..<area {
                        let offset = Int(offsets[k])
                        d[k] = offset < 0 ? .zero : Self.load(p, at: offset)
                    }
                    transform(input: d)
                    Self.store(d, count: area, to: v + ci * columns + position * count + g, rowStride: rowStride)
                    g += Self.lanes
                }
            }
        }
    }

    /// Transforms channel `ci` of tile rows `rows` of the one map (columns in tile order),
    /// eight neighbouring tiles per lane set, from a zero-bordered copy of those rows.
    private func transformInput(_ input: UnsafePointer<Float>, channel ci: Int, tileRows rows: Range<Int>,
                                into v: UnsafeMutablePointer<Float>) {
        let a = tile.inputSide, s = tile.outputSide, area = a * a
        let source = input + ci * height * width
        let rowStride = inChannels * columns
        // The copy: rows r0*s-1 ..< r1*s+1 and columns -1 ..< tilesAcross*s+1 of the map.
        let pitch = tilesAcross * s + 2, top = rows.lowerBound * s - 1
        let paddedRows = rows.count * s + 2
        let count = rows.count * tilesAcross
        withUnsafeTemporaryAllocation(of: Float.self, capacity: paddedRows * pitch) { padded in
            guard let padded = padded.baseAddress else { return }
            for r in 0..<paddedRows {
                let row = padded + r * pitch, y = top + r
                guard y >= 0 && y < height else {
                    row.initialize(repeating: 0, count: pitch)
                    continue
                }
                row[0] = 0
                (row + 1).initialize(from: source + y * width, count: width)
                (row + 1 + width).initialize(repeating: 0, count: pitch - 1 - width)
            }
            withUnsafeTemporaryAllocation(of: SIMD8<Float>.self, capacity: area) { d in
                guard let d = d.baseAddress else { return }
                @inline(__always) func corner(_ t: Int) -> UnsafePointer<Float> {
                    let ty = t / tilesAcross
                    return UnsafePointer(padded + ty * s * pitch + (t - ty * tilesAcross) * s)
                }
                var t0 = 0
                while t0 < count {
                    let p = Self.lanes(last: min(Self.lanes, count - t0) - 1) { corner(t0 + $0) }
                    for i in 0..<a {
                        for j in 0..<a { d[i * a + j] = Self.load(p, at: i * pitch + j) }
                    }
                    transform(input: d)
                    Self.store(d, count: area, to: v + ci * columns + t0, rowStride: rowStride)
                    t0 += Self.lanes
                }
            }
        }
    }

    /// Reads `M[position][co][columns]` eight images at a time, applies `A^T m A`, adds the
    /// bias and residual, applies ReLU and writes the outputs that fall inside the maps.
    private func transformOutput(_ m: UnsafeMutablePointer<Float>, channel co: Int, images: Range<Int>,
                                 into output: UnsafeMutablePointer<Float>, epilogue: Epilogue) {
        let a = tile.inputSide, s = tile.outputSide
        let plane = height * width
        let rowStride = outChannels * columns
        let bias = SIMD8<Float>(repeating: epilogue.bias?[co] ?? 0)
        let channelOut = output + co * batch * plane
        let channelResidual = epilogue.residual.map { $0 + co * batch * plane }
        let count = images.count
        withUnsafeTemporaryAllocation(of: SIMD8<Float>.self, capacity: a * a) { q in
            guard let q = q.baseAddress else { return }
            for position in 0..<tilesPerImage {
                let ty = position / tilesAcross
                let (oy, ox) = (ty * s, (position - ty * tilesAcross) * s)
                let rows = min(s, height - oy), columnsInside = min(s, width - ox)
                var g = 0
                while g < count {
                    Self.load(q, count: a * a, from: m + co * columns + position * count + g, rowStride: rowStride)
                    transform(output: q)
                    let lanes = min(Self.lanes, count - g)
                    let base = (images.lowerBound + g) * plane + oy * width + ox
                    for i in 0..<rows {
                        for j in 0..<columnsInside {
                            let at = base + i * width + j
                            var value = q[i * s + j] + bias
                            if let channelResidual {
                                let r = UnsafePointer(channelResidual + at)
                                value += Self.load(Self.lanes(last: lanes - 1) { r + $0 * plane }, at: 0)
                            }
                            if epilogue.relu { value.replace(with: 0, where: value .< 0) }
                            let dst = channelOut + at
                            for lane in 0..<lanes { dst[lane * plane] = value[lane] }
                        }
                    }
                    g += Self.lanes
                }
            }
        }
    }

    /// Reads `M[position][co][columns]` eight tiles of the one map at a time (tile rows
    /// `rows`), applies `A^T m A`, adds the bias and residual, applies ReLU and writes the
    /// outputs that fall inside the map.
    private func transformOutput(_ m: UnsafeMutablePointer<Float>, channel co: Int, tileRows rows: Range<Int>,
                                 into output: UnsafeMutablePointer<Float>, epilogue: Epilogue) {
        let a = tile.inputSide, s = tile.outputSide
        let rowStride = outChannels * columns
        let bias = epilogue.bias?[co] ?? 0
        let channelOut = output + co * height * width
        let channelResidual = epilogue.residual.map { $0 + co * height * width }
        let count = rows.count * tilesAcross
        withUnsafeTemporaryAllocation(of: SIMD8<Float>.self, capacity: a * a) { q in
            guard let q = q.baseAddress else { return }
            var t0 = 0
            while t0 < count {
                Self.load(q, count: a * a, from: m + co * columns + t0, rowStride: rowStride)
                transform(output: q)
                for lane in 0..<min(Self.lanes, count - t0) {
                    let t = t0 + lane
                    let ty = t / tilesAcross
                    let (oy, ox) = ((rows.lowerBound + ty) * s, (t - ty * tilesAcross) * s)
                    let outputRows = min(s, height - oy), outputColumns = min(s, width - ox)
                    let base = oy * width + ox
                    for i in 0..<outputRows {
                        let dst = channelOut + base + i * width
                        let residual = channelResidual.map { $0 + base + i * width }
                        for j in 0..<outputColumns {
                            var value = q[i * s + j][lane] + bias
                            if let residual { value += residual[j] }
                            dst[j] = epilogue.relu ? max(value, 0) : value
                        }
                    }
                }
                t0 += Self.lanes
            }
        }
    }

    @inline(__always)
    private func transform(input d: UnsafeMutablePointer<SIMD8<Float>>) {
        switch tile {
        case .f4: Self.inputTransform4(d)
        case .f2: Self.inputTransform2(d)
        }
    }

    @inline(__always)
    private func transform(output q: UnsafeMutablePointer<SIMD8<Float>>) {
        switch tile {
        case .f4: Self.outputTransform4(q)
        case .f2: Self.outputTransform2(q)
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
