import Compute

/// One ground-truth object of an image, in the common form all loaders produce.
public struct GroundTruthObject: Sendable, Equatable {
    /// The dataset's class name.
    public var className: String
    /// Corners in 0-based continuous pixel coordinates (x2 - x1 is the width, no +1).
    public var box: Box
    /// A crowd region (COCO iscrowd): detections on it count neither way.
    public var isCrowd: Bool
    /// Marked difficult (Pascal VOC): ignored in evaluation, like a crowd region.
    public var isDifficult: Bool

    public init(className: String, box: Box, isCrowd: Bool = false, isDifficult: Bool = false) {
        self.className = className
        self.box = box
        self.isCrowd = isCrowd
        self.isDifficult = isDifficult
    }
}
