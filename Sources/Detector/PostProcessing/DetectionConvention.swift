/// The framework whose inference a model reproduces. The same architecture differs in the
/// details between mmdetection and torchvision, and every detail moves the numbers:
///
/// | step | mmdetection | torchvision |
/// |---|---|---|
/// | resize | `int(side * f + 0.5)`, normalise after | `int(side * f)`, normalise on 0..1 before |
/// | anchors | not rounded, strides 4..64 | rounded, strides from the padded input |
/// | proposals | top-n by sigmoid, drop empty boxes | top-n by logit, drop boxes under 1e-3 px |
/// | RoI pooling | aligned, adaptive sampling | not aligned, 2 x 2 samples |
/// | box coder | dw, dh clamped both ways | clamped from above only |
/// | detections | keep all sizes | drop boxes under 1e-2 px before NMS |
///
/// Background is the last score in dhscope's outputs either way (torchvision's first is moved).
public enum DetectionConvention: String, Sendable, Codable, CaseIterable {
    case mmdetection
    case torchvision

    /// Detections narrower or shorter than this in resized pixels are dropped before NMS
    /// (torchvision's `remove_small_boxes(boxes, 1e-2)`); nil: none are.
    public var minimumDetectionSize: Float? { self == .torchvision ? 1e-2 : nil }
}
