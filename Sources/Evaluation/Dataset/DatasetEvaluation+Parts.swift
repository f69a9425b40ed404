import Foundation

/// The independent parts of a ``DatasetEvaluation``, each one task: COCOeval (with the
/// curves and per-image AP it feeds), TIDE (report, labels, counts), TIDE per class, and the
/// confusion matrix.
extension DatasetEvaluation {
    struct COCOPart: Sendable {
        var evaluation: COCOEvaluation
        var curves: PrecisionRecallCurves
        var imageAP: [Double?]
        var seconds: Double
        var imageAPSeconds: Double
    }

    struct TIDEPart: Sendable {
        var report: TIDEReport
        var labels: [DetectionLabel]
        var labelOfDetection: [Int32]
        var imageCounts: [LabelCounts]
        var seconds: Double
    }

    struct ClassTIDEPart: Sendable {
        var reports: [TIDEReport]
        var seconds: Double
    }

    struct ConfusionPart: Sendable {
        var members: ConfusionMembers
        var seconds: Double
    }

    /// `body`'s result and its wall time in seconds.
    static func timed<T>(_ body: () -> T) -> (T, Double) {
        let start = DispatchTime.now().uptimeNanoseconds
        let value = body()
        return (value, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }

    /// The detections of the ground truth's categories, and (when some were left out) the
    /// index of each among all.
    static func listed(_ detections: [COCODetection], in groundTruth: COCODataset) -> (detections: [COCODetection], original: [Int]?) {
        let categories = IDTable(ids: groundTruth.categories.map(\.id))
        guard !detections.allSatisfy({ categories[$0.categoryID] != nil }) else { return (detections, nil) }
        let original = detections.indices.filter { categories[detections[$0].categoryID] != nil }
        return (original.map { detections[$0] }, original)
    }

    static func cocoPart(name: String, detections: [COCODetection], evaluator: COCOEvaluator) -> COCOPart {
        let ((evaluation, curves, details), seconds) = timed {
            let details = evaluator.evaluateInDetail(detections)
            let curves = PrecisionRecallCurves(variant: name, evaluation: details.evaluation, groundTruth: evaluator.groundTruth)
            return (details.evaluation, curves, details)
        }
        let (imageAP, imageAPSeconds) = timed {
            let byEvaluatorImage = ImageAveragePrecision.compute(details)
            return evaluator.groundTruth.images.map { image in
                evaluator.imageIndex[image.id].flatMap { byEvaluatorImage[$0] }
            }
        }
        return COCOPart(evaluation: evaluation, curves: curves, imageAP: imageAP, seconds: seconds, imageAPSeconds: imageAPSeconds)
    }

    /// TIDE over the dataset and TIDE per class: one task, as both read the same score order.
    static func tideParts(detections: [COCODetection], evaluator: COCOEvaluator) -> (TIDEPart, ClassTIDEPart) {
        let groundTruth = evaluator.groundTruth
        let ((kept, order, part), seconds) = timed { () -> ([COCODetection], [Int32], TIDEPart) in
            let (kept, original) = listed(detections, in: groundTruth)
            let order = TIDEOracle.scoreOrder(groundTruth: groundTruth, detections: kept)
            var run = TIDERun(positive: 0.5, background: 0.1, maxDetections: 100, groundTruth: groundTruth, detections: kept)
            run.evaluate()
            let report = run.report(order: order)
            var labels = run.labels
            if let original {
                for l in labels.indices { labels[l].detection = labels[l].detection.map { original[$0] } }
            }
            var labelOfDetection = [Int32](repeating: -1, count: detections.count)
            let positions = TIDERun.imagePositions(of: groundTruth)
            var counts = [LabelCounts](repeating: LabelCounts(), count: positions.count)
            for (l, label) in labels.enumerated() {
                let imageID: Int
                if let d = label.detection {
                    labelOfDetection[d] = Int32(l)
                    imageID = detections[d].imageID
                } else if let a = label.annotation {
                    imageID = groundTruth.annotations[a].imageID
                } else {
                    continue
                }
                if let m = positions[imageID] { counts[m][label.kind] += 1 }
            }
            let part = TIDEPart(report: report, labels: labels, labelOfDetection: labelOfDetection, imageCounts: counts, seconds: 0)
            return (kept, order, part)
        }
        var tide = part
        tide.seconds = seconds
        let (reports, classSeconds) = timed { () -> [TIDEReport] in
            let byCategory = TIDEAnalysis.classReports(groundTruth: groundTruth, detections: kept, order: order)
            return evaluator.categoryIDs.compactMap { byCategory[$0] }
        }
        return (tide, ClassTIDEPart(reports: reports, seconds: classSeconds))
    }

    static func confusionPart(detections: [COCODetection], groundTruth: COCODataset, scoreThreshold: Double,
                              iouThreshold: Double) -> ConfusionPart {
        let (members, seconds) = timed {
            ConfusionMembers(groundTruth: groundTruth, detections: detections, scoreThreshold: scoreThreshold, iouThreshold: iouThreshold)
        }
        return ConfusionPart(members: members, seconds: seconds)
    }
}
