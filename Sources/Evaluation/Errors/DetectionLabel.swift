/// What TIDE (tidecv 1.0.1, foreground IoU 0.5, background IoU 0.1) makes of one detection,
/// or of one ground-truth box no detection found.
public struct DetectionLabel: Sendable, Equatable {
    /// A true positive or one of TIDE's error types.
    public enum Kind: String, Sendable, CaseIterable, Codable {
        case tp, cls, loc, both, dupe, bkg, miss

        init(_ type: TIDEErrorType) {
            switch type {
            case .cls: self = .cls
            case .loc: self = .loc
            case .both: self = .both
            case .dupe: self = .dupe
            case .bkg: self = .bkg
            case .miss: self = .miss
            }
        }
    }

    public var kind: Kind
    /// Index into the detections; nil for a miss.
    public var detection: Int?
    /// Index into the ground truth's annotations the label refers to: the box matched (tp),
    /// claimed (cls, loc), repeated (dupe), overlapped most (both) or missed; nil for bkg.
    public var annotation: Int?
    /// IoU of the detection with that annotation; nil for bkg and miss.
    public var iou: Double?
}

extension TIDEAnalysis {
    /// Every detection TIDE looks at (the best `maxDetections` of each image), labelled, and
    /// every missed ground-truth box, image by image in the ground truth's order, detections
    /// by descending score. Detections beyond the per-image limit are not labelled, as TIDE
    /// does not look at them; crowd regions are never referred to.
    public static func labels(
        groundTruth: COCODataset, detections: [COCODetection],
        positiveThreshold: Double = 0.5, backgroundThreshold: Double = 0.1, maxDetections: Int = 100
    ) -> [DetectionLabel] {
        var run = TIDERun(positive: positiveThreshold, background: backgroundThreshold, maxDetections: maxDetections,
                          groundTruth: groundTruth, detections: detections)
        run.evaluate()
        return run.labels
    }
}
