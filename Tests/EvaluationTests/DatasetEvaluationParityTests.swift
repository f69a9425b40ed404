import Evaluation
import Foundation
import Testing

/// What Tools/fixtures/make_error_fixtures.py recorded for the dataset review: tidecv run on
/// each class's data alone, pycocotools' AP of each image alone, the members of every
/// confusion-matrix cell, and tidecv's labels (for the counts per image).
private struct DatasetCase: Decodable {
    struct ClassTIDE: Decodable {
        var id: Int
        var ap50: Double?
        var counts: [String: Int]
        var dap: [String: Double?]
    }
    struct ImageAP: Decodable {
        var id: Int
        var ap: Double?
    }
    struct Member: Decodable {
        var row: Int
        var column: Int
        var detections: [Int]
        var annotations: [Int]
    }
    struct Confusion: Decodable {
        var scoreThr: Double
        var iouThr: Double
        var matrix: [[Int]]
        var members: [Member]
        enum CodingKeys: String, CodingKey { case scoreThr = "score_thr", iouThr = "iou_thr", matrix, members }
    }
    struct Label: Decodable {
        var detection: Int
        var type: String
    }
    struct TIDE: Decodable {
        var labels: [Label]
        var misses: [Int]
    }
    var tidePerClass: [ClassTIDE]
    var imageAP: [ImageAP]
    var confusion: [Confusion]
    var tide: TIDE
    enum CodingKeys: String, CodingKey { case tidePerClass = "tide_per_class", imageAP = "image_ap", confusion, tide }
}

@Suite struct DatasetEvaluationParityTests {
    private func load(_ name: String) throws -> (COCODataset, [COCODetection], DatasetCase) {
        let (gt, results, data) = try loadErrorCase(name)
        return (gt, results, try JSONDecoder().decode(DatasetCase.self, from: data))
    }

    @Test(arguments: errorCases)
    func classTIDEIsTidecvOnTheClassAlone(name: String) throws {
        let (gt, results, expected) = try load(name)
        let evaluation = DatasetEvaluation(name: "results", detections: results, against: gt)
        #expect(expected.tidePerClass.map(\.id).sorted() == evaluation.evaluation.categoryIDs)
        let byCategory = TIDEAnalysis.analyzeByClass(groundTruth: gt, detections: results)
        for want in expected.tidePerClass {
            let k = try #require(evaluation.evaluation.categoryIDs.firstIndex(of: want.id))
            let got = evaluation.classTIDE[k]
            #expect(byCategory[want.id] == got, "\(name) class \(want.id): analyzeByClass and the evaluation agree")
            // tidecv divides by zero where the data holds nothing (null): AP 0 then.
            #expect(abs(got.ap50 - (want.ap50 ?? 0)) <= 1e-9, "\(name) class \(want.id) AP50 \(got.ap50) vs tidecv \(want.ap50 ?? .nan)")
            for type in TIDEErrorType.allCases {
                let key = type.rawValue
                #expect(got.counts[type] == want.counts[key], "\(name) class \(want.id) \(key) count \(got.counts[type] ?? -1) vs tidecv \(want.counts[key] ?? -1)")
                let wantDelta = (want.dap[key] ?? nil) ?? 0
                #expect(abs((got.deltaAP[type] ?? -1) - wantDelta) <= 1e-9,
                        "\(name) class \(want.id) \(key) dAP \(got.deltaAP[type] ?? -1) vs tidecv \(wantDelta)")
            }
        }
    }

    @Test func classTIDEDiffersFromTheWholeRunWhereTheCutOrOtherClassesMatter() throws {
        // "basic" has Cls errors, which no single-class run can have.
        let (basic, basicResults, _) = try load("basic")
        #expect(TIDEAnalysis.analyzeByClass(groundTruth: basic, detections: basicResults).values.allSatisfy { $0.counts[.cls] == 0 })
        #expect(TIDEAnalysis.analyze(groundTruth: basic, detections: basicResults).counts[.cls] ?? 0 > 0)
        // "many": 130 detections on one image, of two classes with fewer than 100 each, so the
        // classes alone look at all of them and the whole run at 100.
        let (many, manyResults, _) = try load("many")
        func falsePositives(_ report: TIDEReport) -> Int {
            [TIDEErrorType.cls, .loc, .both, .dupe, .bkg].reduce(0) { $0 + (report.counts[$1] ?? 0) }
        }
        let perClass = TIDEAnalysis.analyzeByClass(groundTruth: many, detections: manyResults).values.reduce(0) { $0 + falsePositives($1) }
        let whole = falsePositives(TIDEAnalysis.analyze(groundTruth: many, detections: manyResults))
        #expect(perClass > whole)
    }

    @Test(arguments: errorCases)
    func imageAPIsPycocotoolsOnTheImageAlone(name: String) throws {
        let (gt, results, expected) = try load(name)
        let evaluation = DatasetEvaluation(name: "results", detections: results, against: gt)
        #expect(expected.imageAP.map(\.id) == gt.images.map(\.id))
        #expect(evaluation.imageAP.count == gt.images.count)
        for (got, want) in zip(evaluation.imageAP, expected.imageAP) {
            let gotText = got.map { "\($0)" } ?? "nil"
            let wantText = want.ap.map { "\($0)" } ?? "-1"
            #expect((got == nil) == (want.ap == nil), "\(name) image \(want.id): \(gotText) vs pycocotools \(wantText)")
            if let got, let ap = want.ap {
                #expect(abs(got - ap) <= 1e-12, "\(name) image \(want.id): \(got) vs pycocotools \(ap)")
            }
        }
    }

    @Test(arguments: errorCases)
    func confusionMembersAreWhatTheAlgorithmCounted(name: String) throws {
        let (gt, results, expected) = try load(name)
        #expect(expected.confusion.count == 2)
        for want in expected.confusion {
            let members = ConfusionMembers(groundTruth: gt, detections: results, scoreThreshold: want.scoreThr, iouThreshold: want.iouThr)
            #expect(members.counts == want.matrix, "\(name) at \(want.scoreThr)/\(want.iouThr)")
            let background = members.size - 1
            let listed = Dictionary(uniqueKeysWithValues: want.members.map { (cellKey($0.row, $0.column), $0) })
            for row in 0..<members.size {
                for column in 0..<members.size {
                    let cell = listed[cellKey(row, column)]
                    #expect(Array(members.detections(row: row, column: column)) == (cell?.detections ?? []),
                            "\(name) at \(want.scoreThr)/\(want.iouThr): cell (\(row), \(column)) detections")
                    if column == background {
                        #expect(Array(members.missedAnnotations(row: row)) == (cell?.annotations ?? []),
                                "\(name) at \(want.scoreThr)/\(want.iouThr): row \(row) missed boxes")
                    }
                }
            }
        }
        // The evaluation keeps mmdetection's default setting.
        let evaluation = DatasetEvaluation(name: "results", detections: results, against: gt)
        #expect(evaluation.confusion.matrix == expected.confusion.first { $0.scoreThr == 0.3 && $0.iouThr == 0.5 }?.matrix)
    }

    @Test(arguments: errorCases)
    func labelsAndCountsPerImageAreTidecvs(name: String) throws {
        let (gt, results, expected) = try load(name)
        let evaluation = DatasetEvaluation(name: "results", detections: results, against: gt)
        var want = [Int: LabelCounts]()
        for label in expected.tide.labels {
            let kind = try #require(DetectionLabel.Kind(rawValue: label.type))
            want[results[label.detection].imageID, default: LabelCounts()][kind] += 1
            #expect(evaluation.label(ofDetection: label.detection)?.kind == kind, "\(name) detection \(label.detection)")
        }
        let imageOfAnnotation = Dictionary(gt.annotations.map { ($0.id, $0.imageID) }, uniquingKeysWith: { a, _ in a })
        for id in expected.tide.misses { want[imageOfAnnotation[id] ?? -1, default: LabelCounts()][.miss] += 1 }
        let labelled = Set(expected.tide.labels.map(\.detection))
        for i in results.indices where !labelled.contains(i) {
            #expect(evaluation.label(ofDetection: i) == nil, "\(name) detection \(i) is past its image's best 100")
        }
        for (m, image) in gt.images.enumerated() {
            #expect(evaluation.imageCounts[m] == want[image.id] ?? LabelCounts(), "\(name) image \(image.id)")
        }
        #expect(evaluation.missedAnnotations.map { gt.annotations[$0].id }.sorted() == expected.tide.misses)
    }

    @Test(arguments: errorCases)
    func theReportIsEvalsAndSetsEvaluateAsOne(name: String) throws {
        let (gt, results, _) = try load(name)
        let one = DatasetEvaluation(name: "a", detections: results, against: gt)
        let report = EvaluationReport.evaluate(results, against: gt, name: "a", tide: true)
        #expect(one.report.statsList == report.statsList)
        #expect(one.report.categories == report.categories)
        #expect(one.report.tide == report.tide && one.report.tideAP50 == report.tideAP50)
        // Two sets at once (one of them changed) give what each gives alone.
        var shifted = results
        for i in shifted.indices { shifted[i].bbox.x += Double(i % 3) }
        let both = DatasetEvaluation.evaluate([("a", results), ("b", shifted)], against: gt)
        let alone = DatasetEvaluation(name: "b", detections: shifted, against: gt)
        #expect(both.map(\.name) == ["a", "b"])
        #expect(both[0].report.statsList == one.report.statsList && both[1].report.statsList == alone.report.statsList)
        #expect(both[1].labels == alone.labels && both[1].imageAP == alone.imageAP && both[1].classTIDE == alone.classTIDE)
        #expect(both[1].confusionMembers == alone.confusionMembers && both[1].imageCounts == alone.imageCounts)
    }
}

private func cellKey(_ row: Int, _ column: Int) -> Int { row * 1_000_003 + column }
