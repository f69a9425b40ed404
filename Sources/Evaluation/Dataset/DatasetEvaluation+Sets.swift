import Compute

extension DatasetEvaluation {
    /// Evaluates every set of detections (one per head variant) against `groundTruth`, each as
    /// ``init(name:detections:against:confusionScoreThreshold:confusionIoUThreshold:)`` would,
    /// concurrently: the parts of every set (COCOeval with per-image AP, TIDE with TIDE per class,
    /// the confusion matrix) are independent tasks spread over the cores, and the ground truth
    /// is prepared for COCOeval once.
    ///
    /// - Returns: one evaluation per set, in their order.
    public static func evaluate(_ sets: [(name: String, detections: [COCODetection])], against groundTruth: COCODataset,
                                confusionScoreThreshold: Double = 0.3, confusionIoUThreshold: Double = 0.5) -> [DatasetEvaluation] {
        let evaluator = COCOEvaluator(groundTruth: groundTruth)
        let n = sets.count
        let coco = TaskSlot<COCOPart>.make(n)
        let tide = TaskSlot<TIDEPart>.make(n)
        let classTIDE = TaskSlot<ClassTIDEPart>.make(n)
        let confusion = TaskSlot<ConfusionPart>.make(n)
        // The longest parts first, so the short ones fill the cores at the end.
        Parallel.for(3 * n) { task in
            let v = task % n
            let detections = sets[v].detections
            switch task / n {
            case 0: (tide[v].value, classTIDE[v].value) = tideParts(detections: detections, evaluator: evaluator)
            case 1: coco[v].value = cocoPart(name: sets[v].name, detections: detections, evaluator: evaluator)
            default: confusion[v].value = confusionPart(detections: detections, groundTruth: groundTruth,
                                                        scoreThreshold: confusionScoreThreshold, iouThreshold: confusionIoUThreshold)
            }
        }
        return (0..<n).compactMap { v in
            guard let cocoPart = coco[v].value, let tidePart = tide[v].value, let classPart = classTIDE[v].value,
                  let confusionPart = confusion[v].value else { return nil }
            return DatasetEvaluation(name: sets[v].name, groundTruth: groundTruth, coco: cocoPart, tide: tidePart,
                                     classTIDE: classPart, confusion: confusionPart)
        }
    }
}
