extension TIDEAnalysis {
    /// TIDE per class, which tidecv lacks (dbolya/tide#18), defined as TIDE run on one
    /// class's data alone: the class's ground truth (crowd regions included) and detections.
    /// Its AP50 is then the class's TIDE AP50 and each dAP is relative to it. Within the class
    /// matching is TIDE's, but the `maxDetections` cut is per class, no Cls error can occur
    /// (there is no other class), and a detection on an image without ground truth of its class
    /// is Bkg. Where tidecv would divide by zero (the data, or an oracle's fix of it, holds no
    /// ground truth and no kept detection) the AP is 0, as ``analyze(groundTruth:detections:positiveThreshold:backgroundThreshold:maxDetections:)``
    /// has it for a whole dataset.
    ///
    /// All classes are evaluated in one pass over the images (each image split by class), so
    /// the cost is about one TIDE run's, not one per class.
    ///
    /// - Returns: a report for every category of `groundTruth`, by id; one without data is all zeros.
    public static func analyzeByClass(
        groundTruth: COCODataset, detections: [COCODetection],
        positiveThreshold: Double = 0.5, backgroundThreshold: Double = 0.1, maxDetections: Int = 100
    ) -> [Int: TIDEReport] {
        classReports(groundTruth: groundTruth, detections: detections, order: TIDEOracle.scoreOrder(groundTruth: groundTruth, detections: detections),
                     positiveThreshold: positiveThreshold, backgroundThreshold: backgroundThreshold, maxDetections: maxDetections)
    }

    /// ``analyzeByClass(groundTruth:detections:positiveThreshold:backgroundThreshold:maxDetections:)``
    /// given `TIDEOracle.scoreOrder` of the same data.
    static func classReports(groundTruth: COCODataset, detections: [COCODetection], order: [Int32],
                             positiveThreshold: Double = 0.5, backgroundThreshold: Double = 0.1,
                             maxDetections: Int = 100) -> [Int: TIDEReport] {
        var run = TIDERun(positive: positiveThreshold, background: backgroundThreshold, maxDetections: maxDetections,
                          groundTruth: groundTruth, detections: detections, recordsLabels: false)
        run.evaluate(perClass: true)
        var reports = run.classReports(order: order)
        let zero = Dictionary(uniqueKeysWithValues: TIDEErrorType.allCases.map { ($0, 0) })
        for category in groundTruth.categories where reports[category.id] == nil {
            reports[category.id] = TIDEReport(ap50: 0, counts: zero, deltaAP: zero.mapValues(Double.init))
        }
        return reports
    }
}
