import Compute

/// The coder a box head's deltas are decoded with: mmdetection's `DeltaXYWHBBoxCoder` or
/// torchvision's `BoxCoder`, each with the model's normalisation.
public enum HeadBoxCoder: Sendable, Hashable {
    case mmdetection(DeltaXYWHBBoxCoder)
    case torchvision(TorchvisionBoxCoder)

    /// The coder of `convention` for target `stds` and `means`. torchvision's weights are the
    /// reciprocals of the stds (10, 10, 5, 5 for 0.1, 0.1, 0.2, 0.2; exact, as Float(1 / Float(0.1))
    /// is 10); it has no means.
    public init(convention: DetectionConvention, stds: [Float], means: [Float]) {
        switch convention {
        case .mmdetection:
            self = .mmdetection(DeltaXYWHBBoxCoder(means: SIMD4(means[0], means[1], means[2], means[3]),
                                                   stds: SIMD4(stds[0], stds[1], stds[2], stds[3])))
        case .torchvision:
            self = .torchvision(TorchvisionBoxCoder(weights: SIMD4(1 / stds[0], 1 / stds[1], 1 / stds[2], 1 / stds[3])))
        }
    }

    /// Applies one delta `(dx, dy, dw, dh)` to `box`; clips when `maxShape` is given.
    @inlinable
    public func decode(_ box: Box, delta: SIMD4<Float>, maxShape: (height: Float, width: Float)? = nil) -> Box {
        switch self {
        case .mmdetection(let coder): return coder.decode(box, delta: delta, maxShape: maxShape)
        case .torchvision(let coder): return coder.decode(box, delta: delta, maxShape: maxShape)
        }
    }

    /// Decodes `[N, 4C]` deltas against N RoIs: N * C boxes, RoI-major.
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
