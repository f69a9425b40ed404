import Evaluation

/// One line of the list pane: a detection or a RoI.
public struct ListRow: Equatable, Sendable {
    /// The RoI (proposal index) the row is about.
    public var roi: Int
    /// Class index (0-based, background excluded): the detection's, or the RoI's best class.
    public var label: Int
    public var score: Float
    public var objectness: Float?
    /// The position in the variant's detection list, when the row is a detection.
    public var detection: Int?
    /// Best IoU of the proposal with ground truth, when ground truth is shown.
    public var iou: Float?
    /// How the compared variant differs on this detection, in compare mode.
    public var difference: VariantDifference.Kind?
    /// The detection's TIDE label, in error mode.
    public var error: DetectionLabel.Kind?
}
