/// One proposal of the head analysis: its IoU with the ground truth it was drawn around, the
/// class score each head gives that ground truth's class, and the IoU of each head's
/// regressed box (for that class) with the ground truth.
public struct HeadAnalysisSample: Sendable, Codable, Equatable {
    public var proposalIoU: Double
    public var fcScore: Double
    public var convScore: Double?
    public var fcBoxIoU: Double?
    public var convBoxIoU: Double

    public init(proposalIoU: Double, fcScore: Double, convScore: Double?, fcBoxIoU: Double?, convBoxIoU: Double) {
        self.proposalIoU = proposalIoU
        self.fcScore = fcScore
        self.convScore = convScore
        self.fcBoxIoU = fcBoxIoU
        self.convBoxIoU = convBoxIoU
    }

    enum CodingKeys: String, CodingKey {
        case proposalIoU = "proposal_iou", fcScore = "fc_score", convScore = "conv_score"
        case fcBoxIoU = "fc_box_iou", convBoxIoU = "conv_box_iou"
    }
}
