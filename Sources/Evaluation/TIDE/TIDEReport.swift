/// A TIDE-style error breakdown at IoU 0.5: how many errors of each type, and how much AP50
/// an oracle fixing only that type would gain.
public struct TIDEReport: Sendable, Codable, Equatable {
    /// TIDE's own mAP at IoU 0.5, in percent (0...100). It differs from pycocotools' AP50:
    /// TIDE cuts to 100 detections per image (not per category), ignores area ranges, and
    /// averages over every class with ground truth or detections.
    public var ap50: Double
    /// Errors per type.
    public var counts: [TIDEErrorType: Int]
    /// AP50 after the oracle fix of that type minus `ap50`, clamped at 0 as TIDE does (percent).
    public var deltaAP: [TIDEErrorType: Double]

    public init(ap50: Double, counts: [TIDEErrorType: Int], deltaAP: [TIDEErrorType: Double]) {
        self.ap50 = ap50
        self.counts = counts
        self.deltaAP = deltaAP
    }
}
