/// How long each part of a ``DatasetEvaluation`` took, in seconds of wall time within its
/// task (when several evaluations run at once, their tasks share the cores).
public struct DatasetEvaluationTimings: Sendable, Equatable, Codable {
    /// COCOeval (evaluate and accumulate), the report's numbers and the PR curves.
    public var cocoEval: Double
    /// The AP of every image, from COCOeval's matching.
    public var imageAP: Double
    /// TIDE over the dataset: its report, every detection's label, the counts per image.
    public var tide: Double
    /// TIDE per class.
    public var classTIDE: Double
    /// The confusion matrix and its members.
    public var confusion: Double

    /// The given times (seconds).
    public init(cocoEval: Double = 0, imageAP: Double = 0, tide: Double = 0, classTIDE: Double = 0, confusion: Double = 0) {
        self.cocoEval = cocoEval
        self.imageAP = imageAP
        self.tide = tide
        self.classTIDE = classTIDE
        self.confusion = confusion
    }

    /// The sum of the parts.
    public var total: Double { cocoEval + imageAP + tide + classTIDE + confusion }

    /// Adds each part of `other` to this one's.
    public static func += (lhs: inout DatasetEvaluationTimings, rhs: DatasetEvaluationTimings) {
        lhs.cocoEval += rhs.cocoEval
        lhs.imageAP += rhs.imageAP
        lhs.tide += rhs.tide
        lhs.classTIDE += rhs.classTIDE
        lhs.confusion += rhs.confusion
    }

    enum CodingKeys: String, CodingKey {
        case cocoEval = "coco_eval", imageAP = "image_ap", tide, classTIDE = "class_tide", confusion
    }
}
