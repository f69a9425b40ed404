import Compute
import Foundation
import Evaluation
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

    /// pycocotools skips results of categories the ground truth does not list; so does TIDE
    /// here (tidecv alone would count the one below as a Cls error on the cat).
    @Test func resultsOfUnlistedCategoriesAreSkippedByTIDETooAsByPycocotools() {
        let (gt, detections) = perfectRun()
        let stray = COCODetection(imageID: 1, categoryID: 99, bbox: COCOBox(x: 10, y: 10, width: 50, height: 50), score: 0.95)
        let with = EvaluationReport.evaluate(detections + [stray], against: gt, name: "r", tide: true)
        let without = EvaluationReport.evaluate(detections, against: gt, name: "r", tide: true)
        #expect(with.skippedDetections == 1 && without.skippedDetections == 0)
        #expect(with.tide == without.tide && with.tide?.isEmpty == false)
        #expect(with.statsList == without.statsList)
        #expect(with.tide?.first { $0.type == "Cls" }?.count == 0)
    }

    @Test func withoutTIDETheFieldsAreNull() throws {
        let (gt, detections) = perfectRun()
        let report = EvaluationReport.evaluate(detections, against: gt, name: "r", tide: false)
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any]
        #expect(object?["tide"] is NSNull && object?["tide_ap50"] is NSNull)
        let with = EvaluationReport.evaluate(detections, against: gt, name: "r", tide: true)
        let entries = (try JSONSerialization.jsonObject(with: JSONEncoder().encode(with)) as? [String: Any])?["tide"] as? [[String: Any]]
        #expect(entries?.first.map { Set($0.keys) } == ["type", "count", "delta_ap"])
    }
}

@Suite struct EvaluationComparisonTests {
    /// Three-digit TIDE counts made the variant columns run together ("8.20 (132)8.09 (202)").
    @Test func columnsStayApartWhateverTheirWidth() {
        let images = (1...2).map { COCOImage(id: $0, fileName: "\($0).jpg", width: 1000, height: 1000) }
        let gt = COCODataset(images: images,
                             annotations: [COCOAnnotation(id: 1, imageID: 1, categoryID: 1, bbox: COCOBox(x: 0, y: 0, width: 10, height: 10))],
                             categories: [COCOCategory(id: 1, name: "a")])
        // 100 background detections in each image: 200 Bkg errors.
        let detections = images.flatMap { image in
            (0..<100).map { k in
                COCODetection(imageID: image.id, categoryID: 1, bbox: COCOBox(x: 500, y: Double(k) * 5, width: 4, height: 4),
                              score: 0.5)
            }
        }
        let reports = ["fc", "dh"].map { EvaluationReport.evaluate(detections, against: gt, name: $0, tide: true) }
        let text = EvaluationComparison.text(reports)
        let bkg = text.split(separator: "\n").first { $0.hasPrefix("  Bkg") }.map(String.init) ?? ""
        #expect(bkg.contains("(200)"), "\(text)")
        #expect(bkg.split(separator: " ", omittingEmptySubsequences: true).count == 5, "\(bkg)")
        let header = text.split(separator: "\n").first { $0.hasPrefix("TIDE dAP") }.map(String.init) ?? ""
        // The names end where the cells end.
        #expect(header.count == bkg.count, "\(header)\n\(bkg)")
    }
}
