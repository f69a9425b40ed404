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
        let data = TIDEData(groundTruth: groundTruth, detections: detections)
        var run = TIDERun(positive: positiveThreshold, background: backgroundThreshold, maxDetections: maxDetections,
                          data: data, recordsLabels: false)
        run.evaluate(perClass: true)
        return classReports(of: run, order: data.scoreOrder())
    }

    /// The per-class reports of `run` (evaluated per class) over `order`
    /// (`TIDEData.scoreOrder()`), for every category of the ground truth.
    static func classReports(of run: TIDERun, order: [Int32]) -> [Int: TIDEReport] {
        var reports = run.classReports(order: order)
        let zero = Dictionary(uniqueKeysWithValues: TIDEErrorType.allCases.map { ($0, 0) })
        for category in run.groundTruth.categories where reports[category.id] == nil {
            reports[category.id] = TIDEReport(ap50: 0, counts: zero, deltaAP: zero.mapValues(Double.init))
        }
        return reports
    }
}
