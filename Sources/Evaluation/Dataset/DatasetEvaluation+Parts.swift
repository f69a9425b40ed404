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

    /// TIDE over the dataset and TIDE per class: one task, as both read the same data, image
    /// by image together. Each part's time is its own run and report; the shared preparation
    /// (the data, the score order) counts to the dataset's.
    static func tideParts(detections: [COCODetection], evaluator: COCOEvaluator) -> (TIDEPart, ClassTIDEPart) {
        let groundTruth = evaluator.groundTruth
        let ((kept, original), listSeconds) = timed { listed(detections, in: groundTruth) }
        let (data, dataSeconds) = timed { TIDEData(groundTruth: groundTruth, detections: kept) }
        var whole = TIDERun(positive: 0.5, background: 0.1, maxDetections: 100, data: data)
        var byClass = TIDERun(positive: 0.5, background: 0.1, maxDetections: 100, data: data, recordsLabels: false)
        let runSeconds = TIDERun.evaluate(&whole, byClass: &byClass)
        let (order, orderSeconds) = timed { data.scoreOrder() }
        let (part, seconds) = timed { () -> TIDEPart in
            let report = whole.report(order: order)
            var labels = whole.labels
            if let original {
                for l in labels.indices { labels[l].detection = labels[l].detection.map { original[$0] } }
            }
            var labelOfDetection = [Int32](repeating: -1, count: detections.count)
            let positions = data.imagePositions
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
            return TIDEPart(report: report, labels: labels, labelOfDetection: labelOfDetection, imageCounts: counts, seconds: 0)
        }
        let (reports, classSeconds) = timed { () -> [TIDEReport] in
            let byCategory = TIDEAnalysis.classReports(of: byClass, order: order)
            return evaluator.categoryIDs.compactMap { byCategory[$0] }
        }
        var tide = part
        tide.seconds = listSeconds + dataSeconds + orderSeconds + runSeconds.whole + seconds
        return (tide, ClassTIDEPart(reports: reports, seconds: runSeconds.byClass + classSeconds))
    }

    static func confusionPart(detections: [COCODetection], groundTruth: COCODataset, scoreThreshold: Double,
                              iouThreshold: Double) -> ConfusionPart {
        let (members, seconds) = timed {
            ConfusionMembers(groundTruth: groundTruth, detections: detections, scoreThreshold: scoreThreshold, iouThreshold: iouThreshold)
        }
        return ConfusionPart(members: members, seconds: seconds)
    }
}
