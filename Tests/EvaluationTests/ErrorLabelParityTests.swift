import Foundation
import Evaluation
import Testing

/// One case of Tools/fixtures/make_error_fixtures.py: tidecv 1.0.1's label for every detection
/// it looked at, its misses and counts, and mmdetection's confusion matrix (numpy, from its
/// documented algorithm) at two settings.
private struct ErrorCase: Decodable {
    struct Label: Decodable {
        var detection: Int
        var type: String
        var gtID: Int?
        enum CodingKeys: String, CodingKey { case detection, type, gtID = "gt_id" }
    }
    struct TIDE: Decodable {
        var labels: [Label]
        var misses: [Int]
        var counts: [String: Int]
    }
    struct Confusion: Decodable {
        var scoreThr: Double
        var iouThr: Double
        var categories: [String]
        var matrix: [[Int]]
        enum CodingKeys: String, CodingKey { case scoreThr = "score_thr", iouThr = "iou_thr", categories, matrix }
    }
    struct Curve: Decodable {
        var id: Int
        var precision: [Double]?
        var precision50: [Double]?
    }
    var tide: TIDE
    var confusion: [Confusion]
    var pr: [Curve]
}

@Suite struct ErrorLabelParityTests {
    /// The case's ground truth and results (every result kept, in file order) and what tidecv
    /// and the confusion matrix made of them.
    private func load(_ name: String) throws -> (COCODataset, [COCODetection], ErrorCase) {
        let (gt, results, data) = try loadErrorCase(name)
        return (gt, results, try JSONDecoder().decode(ErrorCase.self, from: data))
    }

    @Test(arguments: errorCases)
    func everyDetectionGetsTidecvsLabel(name: String) throws {
        let (gt, results, expected) = try load(name)
        let labels = TIDEAnalysis.labels(groundTruth: gt, detections: results)
        let byDetection = Dictionary(labels.compactMap { label in label.detection.map { ($0, label) } },
                                     uniquingKeysWith: { first, _ in first })
        #expect(byDetection.count == labels.count { $0.detection != nil }, "\(name): a detection labelled twice")
        #expect(byDetection.count == expected.tide.labels.count, "\(name): labelled \(byDetection.count), tidecv \(expected.tide.labels.count)")
        for want in expected.tide.labels {
            let got = byDetection[want.detection]
            #expect(got?.kind.rawValue == want.type, "\(name) detection \(want.detection): \(got.map { "\($0.kind)" } ?? "none") vs tidecv \(want.type)")
            let gotID = got?.annotation.map { gt.annotations[$0].id }
            if let gtID = want.gtID {
                #expect(gotID == gtID, "\(name) detection \(want.detection) (\(want.type)): gt \(gotID.map(String.init) ?? "none") vs tidecv \(gtID)")
            }
            if want.type == "bkg" { #expect(gotID == nil, "\(name) detection \(want.detection): bkg refers to no box") }
            if let got, let g = got.annotation {
                #expect(abs((got.iou ?? -1) - results[want.detection].bbox.iou(gt.annotations[g].bbox)) < 1e-12)
            }
        }
        let misses = labels.filter { $0.kind == .miss }.compactMap { $0.annotation.map { gt.annotations[$0].id } }
        #expect(misses.sorted() == expected.tide.misses.sorted(), "\(name) misses")
        for kind in DetectionLabel.Kind.allCases where kind != .tp {
            #expect(labels.count { $0.kind == kind } == expected.tide.counts[kind.rawValue], "\(name) \(kind) count")
        }
    }

    @Test(arguments: errorCases)
    func confusionMatrixEqualsMMDetectionsAlgorithm(name: String) throws {
        let (gt, results, expected) = try load(name)
        #expect(expected.confusion.count == 2)
        for want in expected.confusion {
            let got = ConfusionMatrix(variant: "results", groundTruth: gt, detections: results,
                                      scoreThreshold: want.scoreThr, iouThreshold: want.iouThr)
            #expect(got.categories == want.categories, "\(name)")
            #expect(got.matrix == want.matrix, "\(name) at score \(want.scoreThr), IoU \(want.iouThr):\n\(got.matrix)\nvs\n\(want.matrix)")
        }
    }

    @Test(arguments: errorCases)
    func precisionRecallCurvesArePycocotoolsPrecision(name: String) throws {
        let (gt, results, expected) = try load(name)
        let curves = PrecisionRecallCurves(variant: "results", evaluation: COCOEvaluator(groundTruth: gt).evaluate(results),
                                           groundTruth: gt)
        #expect(curves.recall.count == 101)
        #expect(curves.classes.map(\.id) == expected.pr.map(\.id), "\(name): categories in pycocotools' order")
        for (got, want) in zip(curves.classes, expected.pr) {
            #expect((got.precision == nil) == (want.precision == nil), "\(name) category \(want.id)")
            for (a, b) in zip(got.precision ?? [], want.precision ?? []) {
                #expect(abs(a - b) <= 1e-12, "\(name) category \(want.id): \(a) vs pycocotools \(b)")
            }
            #expect(got.precision50 == want.precision50, "\(name) category \(want.id) at IoU 0.50")
            if let precision = got.precision {
                // The area under the averaged curve is the class's AP.
                #expect(abs(precision.reduce(0, +) / 101 - got.ap) <= 1e-12, "\(name) category \(want.id)")
            }
        }
    }
}
