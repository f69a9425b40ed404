import Foundation

/// The source index PyTorch's `F.interpolate(mode="nearest", size=...)` reads for
/// output index `index`: `min(floor(index * (Float(inSize) / Float(outSize))), inSize - 1)`,
/// computed in Float32 exactly as ATen does.
@inlinable
public func nearestSourceIndex(_ index: Int, inSize: Int, outSize: Int) -> Int {
    if inSize == outSize { return index }
    if outSize == 2 * inSize { return index >> 1 }
    let scale = Float(inSize) / Float(outSize)
    return min(Int(floorf(Float(index) * scale)), inSize - 1)
}

/// Nearest-neighbour upsampling of `coarse` to `fine`'s exact spatial size, added to
/// `fine`: the FPN top-down step `fine + F.interpolate(coarse, size=fine.shape[2:])`.
/// - Parameters:
///   - coarse: `[N, C, h, w]`.
///   - fine: `[N, C, H, W]` (any H, W; need not be multiples of h, w).
/// - Returns: `[N, C, H, W]`.
public func upsampleNearestAdd(coarse: Tensor, to fine: Tensor) -> Tensor {
    precondition(coarse.rank == 4 && fine.rank == 4 && coarse.shape[0...1] == fine.shape[0...1],
                 "upsampleNearestAdd: coarse \(coarse.shape) vs fine \(fine.shape)")
    return resampleNearest(coarse, height: fine.shape[2], width: fine.shape[3], adding: fine)
}

/// Nearest-neighbour resize of `[N, C, h, w]` to `[N, C, height, width]`
/// (`F.interpolate(mode="nearest", size=(height, width))`).
public func upsampleNearest(input: Tensor, height: Int, width: Int) -> Tensor {
    precondition(input.rank == 4 && height > 0 && width > 0, "upsampleNearest: input \(input.shape)")
    return resampleNearest(input, height: height, width: width, adding: nil)
}

private func resampleNearest(_ input: Tensor, height: Int, width: Int, adding base: Tensor?) -> Tensor {
    let (h, w) = (input.shape[2], input.shape[3])
    let planes = input.shape[0] * input.shape[1]
    let xs = (0..<width).map { nearestSourceIndex($0, inSize: w, outSize: width) }
    let ys = (0..<height).map { nearestSourceIndex($0, inSize: h, outSize: height) }
    return Tensor(shape: [input.shape[0], input.shape[1], height, width]) { out in
        guard let dstBase = out.baseAddress else { return }
        input.withUnsafeBufferPointer { inBuf in
            withOptionalPointer(base?.storage) { basePtr in
                xs.withUnsafeBufferPointer { xIdx in
                    guard let srcBase = inBuf.baseAddress else { return }
                    Parallel.forRanges(planes) { planeRange in
                        for plane in planeRange {
                            let src = srcBase + plane * h * w
                            for y in 0..<height {
                                let row = src + ys[y] * w
                                let offset = (plane * height + y) * width
                                let dst = dstBase + offset
                                if let basePtr {
                                    let add = basePtr + offset
                                    for x in 0..<width { dst[x] = add[x] + row[xIdx[x]] }
                                } else {
                                    for x in 0..<width { dst[x] = row[xIdx[x]] }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Adds the nearest-neighbour upsampling of `coarse` to `fine` in place: the FPN top-down
/// step of ``upsampleNearestAdd(coarse:to:)`` without a second map of the fine size.
public func addUpsampledNearest(_ coarse: Tensor, into fine: inout Tensor) {
    precondition(coarse.rank == 4 && fine.rank == 4 && coarse.shape[0...1] == fine.shape[0...1],
                 "addUpsampledNearest: coarse \(coarse.shape) vs fine \(fine.shape)")
    let (h, w) = (coarse.shape[2], coarse.shape[3])
    let (height, width) = (fine.shape[2], fine.shape[3])
    let planes = coarse.shape[0] * coarse.shape[1]
    let xs = (0..<width).map { nearestSourceIndex($0, inSize: w, outSize: width) }
    let ys = (0..<height).map { nearestSourceIndex($0, inSize: h, outSize: height) }
    coarse.withUnsafeBufferPointer { inBuf in
        fine.withUnsafeMutableBufferPointer { outBuf in
            xs.withUnsafeBufferPointer { xIdx in
                guard let srcBase = inBuf.baseAddress, let dstBase = outBuf.baseAddress,
                      let xIdx = xIdx.baseAddress else { return }
                Parallel.forRanges(planes) { planeRange in
                    for plane in planeRange {
                        let src = srcBase + plane * h * w
                        for y in 0..<height {
                            let row = src + ys[y] * w
                            let dst = dstBase + (plane * height + y) * width
                            for x in 0..<width { dst[x] += row[xIdx[x]] }
                        }
                    }
                }
            }
        }
    }
}
