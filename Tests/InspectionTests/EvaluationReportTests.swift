import Compute
import Foundation
import Inspection
import Testing

@Suite struct EvaluationReportTests {
    private func perfectRun() -> (COCODataset, [COCODetection]) {
        let gt = GroundTruth(images: [
            GroundTruthImage(fileName: "a.jpg", width: 100, height: 100, objects: [
                GroundTruthObject(className: "cat", box: Box(x1: 10, y1: 10, x2: 60, y2: 60)),
                GroundTruthObject(className: "dog", box: Box(x1: 0, y1: 0, x2: 20, y2: 30), isDifficult: true),
            ]),
        ], classNames: ["cat", "dog"]).cocoDataset()
        let hit = COCODetection(imageID: 1, categoryID: 1, bbox: COCOBox(x: 10, y: 10, width: 50, height: 50), score: 0.9)
        let background = COCODetection(imageID: 1, categoryID: 1, bbox: COCOBox(x: 80, y: 80, width: 10, height: 10), score: 0.1)
        return (gt, [hit, background])
    }

    @Test func textHasPycocotoolsLinesCategoriesAndTIDE() {
        let (gt, detections) = perfectRun()
        let evaluation = COCOEvaluator(groundTruth: gt).evaluate(detections)
        let report = EvaluationReport(name: "r.json", groundTruth: gt, evaluation: evaluation,
                                      tide: TIDEAnalysis.analyze(groundTruth: gt, detections: detections))
        #expect(abs(report.stats["AP"]! - 1) < 1e-12)  // the difficult dog is an ignored region
        #expect(report.categories.map(\.ap50) == [report.categories[0].ap50, -1])
        let text = report.text
        #expect(text.contains(" Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 1.000"))
        #expect(text.contains("     2  dog           -      -"))
        #expect(text.contains("Bkg"))
        #expect(report.tide?.first { $0.type == "Bkg" }?.count == 1)
    }

    @Test func jsonUsesSnakeCaseKeys() throws {
        let (gt, detections) = perfectRun()
        let report = EvaluationReport(name: "r", groundTruth: gt, evaluation: COCOEvaluator(groundTruth: gt).evaluate(detections), tide: nil)
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any]
        #expect((object?["stats_list"] as? [Double])?.count == 12)
        #expect(object?["evaluated_detections"] as? Int == 2)
    }

    @Test func sideBySideHasOneColumnPerVariant() {
        let (gt, detections) = perfectRun()
        let evaluation = COCOEvaluator(groundTruth: gt).evaluate(detections)
        let reports = ["dh", "dh-ext"].map { EvaluationReport(name: $0, groundTruth: gt, evaluation: evaluation, tide: nil) }
        let lines = EvaluationComparison.text(reports).split(separator: "\n")
        #expect(lines[0].hasSuffix("dh    dh-ext"))
        #expect(lines[1].hasPrefix("AP @[.50:.95 all 100]") && lines[1].hasSuffix("1.000     1.000"))
    }
}
