/// A box coder: moves a box by a regression delta. The batch decoding of a head's
/// `[N, 4C]` outputs is written once, here, for every coder.
public protocol DeltaDecoding {
    /// `box` moved by `delta`, clipped to `maxShape` when given.
    func decode(_ box: Box, delta: SIMD4<Float>, maxShape: (height: Float, width: Float)?) -> Box
}

extension DeltaDecoding {
    /// Decodes `[N, 4C]` deltas (class-specific, laid out `4 * c + (dx, dy, dw, dh)`) against
    /// N RoIs.
    /// - Returns: N * C boxes, RoI-major (box of RoI i, class c at `i * C + c`).
    /// - Precondition: `deltas` is `[N, 4C]` with N = `rois.count`.
    public func decode(rois: [Box], deltas: Tensor, maxShape: (height: Float, width: Float)? = nil) -> [Box] {
        precondition(deltas.rank == 2 && deltas.shape[0] == rois.count && deltas.shape[1] % 4 == 0,
                     "decode: deltas \(deltas.shape) for \(rois.count) rois")
        let classes = deltas.shape[1] / 4
        var result: [Box] = []
        result.reserveCapacity(rois.count * classes)
        deltas.withUnsafeBufferPointer { d in
            for (i, roi) in rois.enumerated() {
                for k in 0..<classes {
                    let o = (i * classes + k) * 4
                    result.append(decode(roi, delta: SIMD4(d[o], d[o + 1], d[o + 2], d[o + 3]), maxShape: maxShape))
                }
            }
        }
        return result
    }
}
