/// What one head of one model gives the analysed proposals: per proposal, the score it gives
/// the ground truth's class (when it classifies) and the IoU of the box it regresses for
/// that class with the ground truth (when it regresses).
public struct HeadColumn: Sendable, Equatable {
    /// The model's short name.
    public var model: String
    /// The head: `fc` and `conv` for a Double-Head model's branches, `2fc` for the single
    /// head of a Faster R-CNN (mmdetection's Shared2FCBBoxHead, torchvision's TwoMLPHead),
    /// `4conv1fc` for torchvision v2's.
    public var head: String
    public var scores: [Double]?
    public var boxIoUs: [Double]?

    public init(model: String, head: String, scores: [Double]?, boxIoUs: [Double]?) {
        self.model = model
        self.head = head
        self.scores = scores
        self.boxIoUs = boxIoUs
    }

    /// `model head`, or the head alone when `model` is empty.
    public var title: String { model.isEmpty ? head : "\(model) \(head)" }
}

/// The head analysis's samples: the proposals' IoUs with their ground truth and, for the same
/// proposals, every analysed head's outputs (``HeadColumn``s of equal length).
public struct HeadSamples: Sendable, Equatable {
    public var proposalIoUs: [Double]
    public var columns: [HeadColumn]

    public init(proposalIoUs: [Double] = [], columns: [HeadColumn] = []) {
        self.proposalIoUs = proposalIoUs
        self.columns = columns
    }

    public var count: Int { proposalIoUs.count }

    /// Appends `other`'s samples (another image's), head by head; the heads must be the same.
    public mutating func append(_ other: HeadSamples) {
        if columns.isEmpty && proposalIoUs.isEmpty {
            self = other
            return
        }
        precondition(columns.map(\.title) == other.columns.map(\.title), "the same heads on every image")
        proposalIoUs += other.proposalIoUs
        for k in columns.indices {
            columns[k].scores = columns[k].scores.flatMap { own in other.columns[k].scores.map { own + $0 } }
            columns[k].boxIoUs = columns[k].boxIoUs.flatMap { own in other.columns[k].boxIoUs.map { own + $0 } }
        }
    }
}
