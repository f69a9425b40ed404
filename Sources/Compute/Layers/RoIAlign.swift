import Foundation

/// RoIAlign over one feature map, as torchvision's `roi_align` (and mmcv's `RoIAlign`) computes it on the CPU.
///
/// For each RoI (corners in input-image pixels) and bin, the RoI is mapped to the
/// feature map by `coordinate * spatialScale - (aligned ? 0.5 : 0)`; each of the
/// `outputSize x outputSize` bins averages a `gridH x gridW` grid of bilinear samples,
/// where `gridH = samplingRatio > 0 ? samplingRatio : ceil(roiHeight / outputSize)`
/// (adaptive; likewise gridW). A sample with `y < -1`, `y > H`, `x < -1` or `x > W` is 0;
/// otherwise coordinates are clamped to `[0, H-1]` / `[0, W-1]` before interpolation.
/// Unaligned mode forces RoI sizes to at least 1. Float32 arithmetic in the same order
/// as torchvision, so results agree to rounding (about 1e-6).
///
/// - Parameters:
///   - feature: `[1, C, H, W]`.
///   - rois: boxes in input-image pixels.
///   - spatialScale: feature pixels per image pixel (1/4 for P2).
///   - outputSize: bins per side (7).
///   - samplingRatio: samples per bin side; 0 = adaptive.
///   - aligned: subtract half a pixel (mmdetection: true).
///   - layout: `.nchw` gives `[N, C, s, s]`; `.channelMajor` gives `[C, N, s, s]`, the
///     input layout of the batched conv branch.
public func roiAlign(
    feature: Tensor, rois: [Box], spatialScale: Float, outputSize: Int = 7,
    samplingRatio: Int = 0, aligned: Bool = true, layout: TensorLayout = .nchw
) -> Tensor {
    roiAlign(features: [feature], rois: rois, levels: [Int](repeating: 0, count: rois.count),
             spatialScales: [spatialScale], outputSize: outputSize, samplingRatio: samplingRatio,
             aligned: aligned, layout: layout)
}

/// RoIAlign over a feature pyramid: RoI `i` is pooled from `features[levels[i]]` with
/// `spatialScales[levels[i]]` (mmdetection's SingleRoIExtractor once levels are known,
/// see ``roiLevels(rois:finestScale:levelCount:)``).
/// - Precondition: every feature is `[1, C, H_l, W_l]` with the same C; levels are valid.
public func roiAlign(
    features: [Tensor], rois: [Box], levels: [Int], spatialScales: [Float], outputSize: Int = 7,
    samplingRatio: Int = 0, aligned: Bool = true, layout: TensorLayout = .nchw
) -> Tensor {
    return roiAlign(pyramid: ChannelsLastPyramid(features), rois: rois, levels: levels, spatialScales: spatialScales,
                    outputSize: outputSize, samplingRatio: samplingRatio, aligned: aligned, layout: layout)
}

/// RoIAlign over a pyramid already in channels-last order (made once per image and shared by
/// every call on it): each bilinear sample reads its four neighbours' channels as contiguous
/// rows, so one pass over the samples pools every channel (the same sums, in the same order,
/// as one channel plane at a time).
/// - Precondition: levels are valid for the pyramid.
public func roiAlign(
    pyramid: ChannelsLastPyramid, rois: [Box], levels: [Int], spatialScales: [Float], outputSize: Int = 7,
    samplingRatio: Int = 0, aligned: Bool = true, layout: TensorLayout = .nchw
) -> Tensor {
    precondition(pyramid.heights.count == spatialScales.count,
                 "roiAlign: \(pyramid.heights.count) features, \(spatialScales.count) scales")
    precondition(levels.count == rois.count, "roiAlign: \(levels.count) levels for \(rois.count) rois")
    precondition(outputSize > 0, "roiAlign: outputSize must be positive")
    precondition(levels.allSatisfy { $0 >= 0 && $0 < pyramid.heights.count }, "roiAlign: level out of range")
    let channels = pyramid.channels
    let n = rois.count
    let bins = outputSize * outputSize
    let outShape = layout == .nchw ? [n, channels, outputSize, outputSize] : [channels, n, outputSize, outputSize]
    // Where channel c of RoI r's bins start, and the step between channels.
    let channelStride = layout == .nchw ? bins : n * bins
    return Tensor(shape: outShape) { out in
        guard let dst = out.baseAddress else { return }
        pyramid.withPointers { pointers in
            Parallel.forRanges(n, minimumChunk: 1) { range in
                let sums = UnsafeMutablePointer<Float>.allocate(capacity: max(1, channels))
                defer { sums.deallocate() }
                for r in range {
                    let level = levels[r]
                    let samples = RoISamples(roi: rois[r], height: pyramid.heights[level], width: pyramid.widths[level],
                                             spatialScale: spatialScales[level], outputSize: outputSize,
                                             samplingRatio: samplingRatio, aligned: aligned)
                    let first = layout == .nchw ? dst + r * channels * bins : dst + r * bins
                    samples.pool(channelsLast: pointers[level], channels: channels, sums: sums, into: first,
                                 channelStride: channelStride)
                }
            }
        }
    }
}

/// A feature pyramid (`[1, C, H, W]` maps) stored channels last, `[H, W, C]`, the order
/// RoIAlign reads it in.
public struct ChannelsLastPyramid: Sendable {
    let maps: [[Float]]
    let heights: [Int]
    let widths: [Int]
    let channels: Int

    /// Transposes `features`.
    /// - Precondition: every feature is `[1, C, H, W]` with the same C and is not empty.
    public init(_ features: [Tensor]) {
        var features = features
        self.init(taking: &features)
    }

    /// Transposes `features`, releasing each map once transposed (it is left `[0]`): when
    /// the caller holds no other copy, the two layouts of the pyramid never coexist in
    /// memory, only one level's.
    /// - Precondition: every feature is `[1, C, H, W]` with the same C and is not empty.
    public init(taking features: inout [Tensor]) {
        precondition(!features.isEmpty, "roiAlign: no features")
        let channels = features[0].shape.count == 4 ? features[0].shape[1] : 0
        for f in features {
            precondition(f.rank == 4 && f.shape[0] == 1 && f.shape[1] == channels && f.count > 0,
                         "roiAlign: features must be [1, \(channels), H, W], got \(f.shape)")
        }
        self.channels = channels
        heights = features.map { $0.shape[2] }
        widths = features.map { $0.shape[3] }
        var maps: [[Float]] = []
        for level in features.indices {
            maps.append(Self.transposed(features[level], channels: channels))
            features[level] = Tensor(shape: [0])
        }
        self.maps = maps
    }

    /// `feature` [1, C, H, W] as H x W rows of C channels.
    private static func transposed(_ feature: Tensor, channels: Int) -> [Float] {
        let plane = feature.shape[2] * feature.shape[3]
        var map = [Float](repeating: 0, count: feature.count)
        feature.withUnsafeBufferPointer { source in
            map.withUnsafeMutableBufferPointer { target in
                nonisolated(unsafe) let target = target
                Parallel.forRanges(plane, minimumChunk: 1024) { positions in
                    for c in 0..<channels {
                        for position in positions { target[position * channels + c] = source[c * plane + position] }
                    }
                }
            }
        }
        return map
    }

    /// Calls `body` with every level's base pointer.
    func withPointers<R>(_ body: ([UnsafePointer<Float>]) -> R) -> R {
        func recurse(_ index: Int, _ acc: [UnsafePointer<Float>]) -> R {
            if index == maps.count { return body(acc) }
            return maps[index].withUnsafeBufferPointer { buffer in
                guard let p = buffer.baseAddress else { preconditionFailure("roiAlign: empty feature map") }
                return recurse(index + 1, acc + [p])
            }
        }
        return recurse(0, [])
    }
}

/// FPN level of each RoI (mmdetection `map_roi_levels`): with `s = sqrt(w * h)`,
/// `floor(log2(s / finestScale + 1e-6))` clamped to `[0, levelCount - 1]`, in Float32.
/// Degenerate boxes (NaN scale) map to level 0.
public func roiLevels(rois: [Box], finestScale: Float = 56, levelCount: Int = 4) -> [Int] {
    rois.map { box in
        let scale = (box.width * box.height).squareRoot()
        let level = floorf(log2f(scale / finestScale + 1e-6))
        if level.isNaN { return 0 }
        return Int(min(max(level, 0), Float(levelCount - 1)))
    }
}

/// FPN level of each RoI by torchvision's `LevelMapper` (the FPN paper's heuristic): with
/// `s = sqrt(w * h)`, `floor(canonicalLevel + log2(s / canonicalScale) + 1e-6)` clamped to
/// `[minLevel, maxLevel]`, minus `minLevel`; in Float32 as torchvision. With its defaults
/// (224, 4) and levels 2...5 this is mmdetection's mapping up to where the 1e-6 is added.
/// Degenerate boxes (NaN scale) map to level 0.
public func canonicalRoILevels(rois: [Box], canonicalScale: Float = 224, canonicalLevel: Float = 4,
                               minLevel: Int = 2, maxLevel: Int = 5) -> [Int] {
    rois.map { box in
        let scale = (box.width * box.height).squareRoot()
        let level = floorf(canonicalLevel + log2f(scale / canonicalScale) + Float(1e-6))
        if level.isNaN { return 0 }
        return Int(min(max(level, Float(minLevel)), Float(maxLevel))) - minLevel
    }
}

/// Precomputed bilinear taps of one RoI (torchvision's `pre_calc`).
private struct RoISamples {
    var positions: [Int32] = []   // 4 per sample
    var weights: [Float] = []     // 4 per sample
    var samplesPerBin: Int
    var bins: Int
    var count: Float

    init(roi: Box, height: Int, width: Int, spatialScale: Float, outputSize: Int,
         samplingRatio: Int, aligned: Bool) {
        let offset: Float = aligned ? 0.5 : 0
        let startW = roi.x1 * spatialScale - offset
        let startH = roi.y1 * spatialScale - offset
        let endW = roi.x2 * spatialScale - offset
        let endH = roi.y2 * spatialScale - offset
        var roiW = endW - startW
        var roiH = endH - startH
        if !aligned {
            roiW = max(roiW, 1)
            roiH = max(roiH, 1)
        }
        let pooled = Float(outputSize)
        let binH = roiH / pooled
        let binW = roiW / pooled
        let gridH = samplingRatio > 0 ? samplingRatio : RoISamples.gridSize(roiH / pooled)
        let gridW = samplingRatio > 0 ? samplingRatio : RoISamples.gridSize(roiW / pooled)
        count = Float(max(gridH * gridW, 1))
        let gh = max(gridH, 0)
        let gw = max(gridW, 0)
        samplesPerBin = gh * gw
        bins = outputSize * outputSize
        positions.reserveCapacity(bins * samplesPerBin * 4)
        weights.reserveCapacity(bins * samplesPerBin * 4)
        let fh = Float(height)
        let fw = Float(width)
        for ph in 0..<outputSize {
            for pw in 0..<outputSize {
                for iy in 0..<gh {
                    let yy = startH + Float(ph) * binH + (Float(iy) + 0.5) * binH / Float(gridH)
                    for ix in 0..<gw {
                        let xx = startW + Float(pw) * binW + (Float(ix) + 0.5) * binW / Float(gridW)
                        var y = yy
                        var x = xx
                        if y < -1 || y > fh || x < -1 || x > fw {
                            for _ in 0..<4 {
                                positions.append(0)
                                weights.append(0)
                            }
                            continue
                        }
                        let (yLow, yHigh) = bilinearNeighbours(of: &y, size: height)
                        let (xLow, xHigh) = bilinearNeighbours(of: &x, size: width)
                        let ly = y - Float(yLow)
                        let lx = x - Float(xLow)
                        let hy = 1 - ly
                        let hx = 1 - lx
                        positions.append(Int32(yLow * width + xLow))
                        positions.append(Int32(yLow * width + xHigh))
                        positions.append(Int32(yHigh * width + xLow))
                        positions.append(Int32(yHigh * width + xHigh))
                        weights.append(hy * hx)
                        weights.append(hy * lx)
                        weights.append(ly * hx)
                        weights.append(ly * lx)
                    }
                }
            }
        }
    }

    /// `ceil(x)` as an Int; non-finite or huge values give 0 (nothing sampled).
    private static func gridSize(_ x: Float) -> Int {
        let c = x.rounded(.up)
        guard c.isFinite, abs(c) < 1e6 else { return 0 }
        return Int(c)
    }

    /// Averages the samples of every bin of every channel of a channels-last map `[H, W, C]`:
    /// bin b of channel c goes to `output[c * channelStride + b]`. Each channel's sum is
    /// formed as torchvision's kernel forms it (sample by sample, the four weighted neighbours
    /// added left to right); `sums` holds `channels` floats.
    func pool(channelsLast map: UnsafePointer<Float>, channels: Int, sums: UnsafeMutablePointer<Float>,
              into output: UnsafeMutablePointer<Float>, channelStride: Int) {
        positions.withUnsafeBufferPointer { pos in
            weights.withUnsafeBufferPointer { w in
                var k = 0
                for bin in 0..<bins {
                    sums.update(repeating: 0, count: channels)
                    for _ in 0..<samplesPerBin {
                        let (w0, w1, w2, w3) = (w[k], w[k + 1], w[k + 2], w[k + 3])
                        let p0 = map + Int(pos[k]) * channels, p1 = map + Int(pos[k + 1]) * channels
                        let p2 = map + Int(pos[k + 2]) * channels, p3 = map + Int(pos[k + 3]) * channels
                        for c in 0..<channels { sums[c] += w0 * p0[c] + w1 * p1[c] + w2 * p2[c] + w3 * p3[c] }
                        k += 4
                    }
                    for c in 0..<channels { output[c * channelStride + bin] = sums[c] / count }
                }
            }
        }
    }
}

/// The two grid indices a bilinear sample at `position` reads along an axis of `size` cells,
/// as mmcv's roi_align does: the position is clamped below at 0 and, at or past the last
/// cell, to the last cell (both neighbours are then that cell).
@inline(__always)
private func bilinearNeighbours(of position: inout Float, size: Int) -> (low: Int, high: Int) {
    if position <= 0 { position = 0 }
    let low = Int(position)
    guard low >= size - 1 else { return (low, low + 1) }
    position = Float(size - 1)
    return (size - 1, size - 1)
}
