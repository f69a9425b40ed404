import Compute
import Detector
import Foundation
import Imaging
import Evaluation
import Inspection
import TestSupport
import Testing

/// Variant post-processing with fates, and per-RoI records, on the shipped demo model.
/// The detections themselves are checked against the PyTorch reference in DetectorTests;
/// here every fate is re-derived independently from the definition of greedy class-wise NMS.
@Suite(.serialized)
struct VariantOutcomeTests {
    static let analyses: Result<[RawAnalysis], Error> = Result {
        let detector = try ModelLoader.load(path: RepositoryFiles.path("Samples/models/shapes-dh-ext.safetensors"))
        return try ["shapes_s3_00001.png", "astronaut.png", "shapes_s3_00004.png"].map {
            try detector.analyze(ImageDecoder().decodeRGB(contentsOf: RepositoryFiles.path("Samples/images/\($0)")))
        }
    }

    static let settings = PostProcessSettings(scoreThreshold: 0.05, nmsIoU: 0.5, maxPerImage: 100)

    @Test func detectionsAreThePostProcessorsAndEachIsKept() throws {
        for a in try Self.analyses.get() {
            for variant in a.availableVariants {
                let outcome = try VariantOutcome(analysis: a, variant: variant, settings: Self.settings)
                #expect(outcome.detections == (try PostProcessor.detections(a, variant: variant, settings: Self.settings)))
                for (n, d) in outcome.detections.enumerated() {
                    #expect(outcome.fate(roi: d.roi, label: d.label) == .kept(detection: n))
                }
            }
        }
    }

    @Test func everyFateFollowsFromTheDefinitionOfGreedyNMS() throws {
        var suppressed = 0, below = 0
        for a in try Self.analyses.get() {
            for variant in a.availableVariants {
                let outcome = try VariantOutcome(analysis: a, variant: variant, settings: Self.settings)
                let candidates = try PostProcessor.candidates(a, variant: variant, settings: Self.settings)
                var boxOf: [Int: Box] = [:]
                for i in 0..<candidates.count { boxOf[candidates.rois[i] * a.numClasses + candidates.labels[i]] = candidates.boxes[i] }
                for roi in 0..<a.roiCount {
                    for label in 0..<a.numClasses {
                        let score = outcome.score(roi: roi, label: label)
                        switch outcome.fate(roi: roi, label: label) {
                        case .belowThreshold(let s, let t):
                            below += 1
                            #expect(s == score && s <= t)
                        case .kept(let n):
                            #expect(outcome.detections[n].roi == roi && outcome.detections[n].label == label)
                        case .beyondLimit:
                            Issue.record("no limit is reached at 100 detections here")
                        case .tooSmall:
                            Issue.record("mmdetection's rules drop no box for its size")
                        case .suppressed(let by, let overlap):
                            suppressed += 1
                            // The suppressor: same class, scores at least as high, survived NMS,
                            // and overlaps above the threshold (recomputed here).
                            #expect(by != roi)
                            #expect(outcome.score(roi: by, label: label) >= score)
                            let kind = outcome.fate(roi: by, label: label).kind
                            #expect(kind == "kept" || kind == "beyond-limit")
                            if let mine = boxOf[roi * a.numClasses + label], let theirs = boxOf[by * a.numClasses + label] {
                                #expect(abs(iou(mine, theirs) - overlap) <= 1e-4)
                                #expect(Double(overlap) > Self.settings.nmsIoU)
                            } else {
                                Issue.record("candidate boxes missing for RoI \(roi)/\(by) class \(label)")
                            }
                        }
                    }
                }
            }
        }
        #expect(suppressed > 0 && below > 0, "the samples exercise suppression (\(suppressed)) and the threshold (\(below))")
    }

    @Test func detectionsPastTheLimitAreRankedBeyondIt() throws {
        let outcomes = try Self.analyses.get().map { ($0, try VariantOutcome(analysis: $0, variant: .dh, settings: Self.settings)) }
        let (a, full) = try #require(outcomes.max { $0.1.detections.count < $1.1.detections.count })
        #expect(full.detections.count > 3)
        var tight = Self.settings
        tight.maxPerImage = 3
        let limited = try VariantOutcome(analysis: a, variant: .dh, settings: tight)
        #expect(limited.detections == Array(full.detections.prefix(3)))
        for (rank, d) in full.detections.enumerated().dropFirst(3) {
            #expect(limited.fate(roi: d.roi, label: d.label) == .beyondLimit(rank: rank, limit: 3))
        }
    }

    @Test func recordsShowBothHeadsForTheChosenClass() throws {
        let a = try Self.analyses.get()[0]
        let outcome = try VariantOutcome(analysis: a, variant: .dhExt, settings: Self.settings)
        let convBoxes = try #require(PostProcessor.decodedBoxes(a, branch: .conv))
        let fcBoxes = try #require(PostProcessor.decodedBoxes(a, branch: .fc))
        let truth = [Box(x1: 10, y1: 20, x2: 60, y2: 90)]
        for roi in [0, 1, a.roiCount / 2, a.roiCount - 1] {
            let r = try #require(RoIRecord(analysis: a, outcome: outcome, roi: roi, classNames: ["a", "b", "c", "d", "e", "f", "g", "h"],
                                           groundTruth: truth))
            #expect(r.label == outcome.bestClass(roi: roi).label)
            let k = a.regressionClasses == 1 ? 0 : r.label
            let regression = try #require(r.conv)
            #expect(maxDifference(regression.box, convBoxes[roi * a.regressionClasses + k]) <= 1e-3)
            #expect(maxDifference(try #require(r.fc).box, fcBoxes[roi * a.regressionClasses + k]) <= 1e-3)
            #expect(r.refined == regression.box)
            #expect(regression.raw == Array(try #require(a.convDeltas(roi: roi)).dropFirst(k * 4).prefix(4)))
            for i in 0..<4 {
                #expect(abs(regression.denormalised[i] - (regression.raw[i] * a.targetStds[i] + a.targetMeans[i])) <= 1e-6)
            }
            let fc = Array(a.fcScores(roi: roi))
            #expect(r.fcTop.first?.score == fc.max())
            #expect(r.fcTop.map(\.score) == r.fcTop.map(\.score).sorted(by: >))
            let fused = try #require(r.fusedTop)
            let conv = Array(try #require(a.convScores(roi: roi)))
            #expect(abs(fused[0].score - (1 - (1 - fc[fused[0].label]) * (1 - conv[fused[0].label]))) <= 1e-6)
            #expect(r.regressionRoI == a.proposals[roi].scaled(by: 1.3))
            let g = try #require(r.groundTruthIoU)
            #expect(g.proposal == iou(a.proposals[roi], truth[0]))
            #expect(r.fate == outcome.fate(roi: roi, label: r.label))
        }
        #expect(RoIRecord(analysis: a, outcome: outcome, roi: a.roiCount, classNames: []) == nil)
    }

    @Test func fatesReadAsSentences() {
        #expect(RoIFate.kept(detection: 0).summary == "kept as detection 1")
        #expect(RoIFate.suppressed(byRoI: 12, iou: 0.8125).summary == "suppressed by RoI 12 at IoU 0.812")
        #expect(RoIFate.belowThreshold(score: 0.01, threshold: 0.05).summary == "below the score threshold (0.010 <= 0.05)")
        #expect(RoIFate.beyondLimit(rank: 100, limit: 100).summary == "ranked 101 after NMS, past the 100-per-image limit")
    }

    private func maxDifference(_ a: Box, _ b: Box) -> Float {
        zip(a.values, b.values).map { abs($0 - $1) }.max() ?? 0
    }
}
