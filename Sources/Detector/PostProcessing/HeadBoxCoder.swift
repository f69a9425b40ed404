import Compute

/// The coder a box head's deltas are decoded with: mmdetection's `DeltaXYWHBBoxCoder` or
/// torchvision's `BoxCoder`, each with the model's normalisation.
public enum HeadBoxCoder: Sendable, Hashable, DeltaDecoding {
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
}
