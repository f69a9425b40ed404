/// Everything one set of detections (one head variant) gives against a COCO ground truth,
/// for a dataset browser: pycocotools' numbers and PR curves, TIDE's breakdown for the
/// dataset and for each class, every detection's TIDE label and every missed box, the label
/// counts and the AP of each image, and mmdetection's confusion matrix with the members of
/// its cells.
///
/// COCOeval runs once and feeds the report, the curves and the per-image AP; TIDE runs once
/// over the dataset (report and labels) and once split by class (``TIDEAnalysis/analyzeByClass(groundTruth:detections:positiveThreshold:backgroundThreshold:maxDetections:)``).
/// Results of categories the ground truth does not list are skipped, as
/// ``EvaluationReport/evaluate(_:against:name:tide:evaluation:)`` skips them: they get no label.
public struct DatasetEvaluation: Sendable {
    /// A name for the detections (a head variant).
    public let name: String
    /// pycocotools' 12 numbers, per-category AP and TIDE's breakdown.
    public let report: EvaluationReport
    /// COCOeval's precision and recall arrays.
    public let evaluation: COCOEvaluation
    /// TIDE's breakdown of the whole dataset (also in `report`).
    public let tide: TIDEReport
    /// TIDE run on each class's data alone, in `evaluation.categoryIDs` order (that of
    /// `report.categories`): AP50 is the class's, each dAP relative to it.
    public let classTIDE: [TIDEReport]
    /// Per-class precision-recall curves (area all, 100 detections).
    public let curves: PrecisionRecallCurves
    /// mmdetection's confusion matrix and what fills each cell.
    public let confusion: ConfusionMatrix
    public let confusionMembers: ConfusionMembers
    /// Per image of the ground truth, in its order: pycocotools' AP @[.5:.95] of the image
    /// alone (`params.imgIds = [id]`); nil where pycocotools gives -1, an image without
    /// non-crowd ground truth (whatever its detections).
    public let imageAP: [Double?]
    /// Per image, in the ground truth's order: its detections by label and its missed boxes.
    public let imageCounts: [LabelCounts]
    /// TIDE's labels: every detection TIDE looked at (the best 100 of each image) and every
    /// missed box, image by image in the ground truth's order, detections by descending score;
    /// `detection` indexes the detections given, `annotation` the ground truth's annotations.
    public let labels: [DetectionLabel]
    /// Index into `labels` of each detection's label, -1 for none.
    private let labelOfDetection: [Int32]
    /// How long each part took.
    public let timings: DatasetEvaluationTimings

    init(name: String, groundTruth: COCODataset, coco: COCOPart, tide: TIDEPart, classTIDE: ClassTIDEPart,
         confusion: ConfusionPart) {
        self.name = name
        evaluation = coco.evaluation
        report = EvaluationReport(name: name, groundTruth: groundTruth, evaluation: coco.evaluation, tide: tide.report)
        self.tide = tide.report
        self.classTIDE = classTIDE.reports
        curves = coco.curves
        self.confusion = ConfusionMatrix(variant: name, groundTruth: groundTruth, members: confusion.members)
        confusionMembers = confusion.members
        imageAP = coco.imageAP
        imageCounts = tide.imageCounts
        labels = tide.labels
        labelOfDetection = tide.labelOfDetection
        timings = DatasetEvaluationTimings(cocoEval: coco.seconds, imageAP: coco.imageAPSeconds, tide: tide.seconds,
                                           classTIDE: classTIDE.seconds, confusion: confusion.seconds)
    }

    /// Evaluates `detections` against `groundTruth` (see ``evaluate(_:against:confusionScoreThreshold:confusionIoUThreshold:)``,
    /// which evaluates several sets at once).
    public init(name: String, detections: [COCODetection], against groundTruth: COCODataset,
                confusionScoreThreshold: Double = 0.3, confusionIoUThreshold: Double = 0.5) {
        let evaluator = COCOEvaluator(groundTruth: groundTruth)
        let (tide, classTIDE) = Self.tideParts(detections: detections, evaluator: evaluator)
        self.init(name: name, groundTruth: groundTruth,
                  coco: Self.cocoPart(name: name, detections: detections, evaluator: evaluator),
                  tide: tide, classTIDE: classTIDE,
                  confusion: Self.confusionPart(detections: detections, groundTruth: groundTruth,
                                                scoreThreshold: confusionScoreThreshold, iouThreshold: confusionIoUThreshold))
    }

    /// The label of detection `index`, or nil when TIDE did not look at it (past its image's
    /// best 100, of a category or image the ground truth lacks) or `index` is out of range.
    public func label(ofDetection index: Int) -> DetectionLabel? {
        guard labelOfDetection.indices.contains(index) else { return nil }
        let l = Int(labelOfDetection[index])
        return l >= 0 ? labels[l] : nil
    }

    /// The missed boxes (annotation indices), in TIDE's order.
    public var missedAnnotations: [Int] {
        labels.compactMap { $0.kind == .miss ? $0.annotation : nil }
    }

    /// The whole dataset's counts.
    public var counts: LabelCounts {
        imageCounts.reduce(into: LabelCounts()) { $0 += $1 }
    }
}
