import Compute
import Foundation
import Imaging
import TestSupport
import Testing
@testable import Detector

/// The full-size R50-FPN Double-Head-Ext with formula weights against the PyTorch reference.
@Suite(.serialized)
struct R50ParityTests {
    static let fixture = "Tests/Fixtures/r50_synthetic"

    static let model: Result<(DoubleHeadDetector, ReferenceFixture, RGBImage), Error> = Result {
        let config = try ReferenceFixture.config("\(fixture)/config.json")
        let reference = try ReferenceFixture.load("\(fixture)/reference.json")
        let detector = try DoubleHeadDetector(config: config, weights: FormulaWeights(config: config))
        let image = try ImageDecoder().decodeRGB(contentsOf: RepositoryFiles.path(reference.image))
        return (detector, reference, image)
    }

    @Test func proposalsMatch() throws {
        let (detector, reference, image) = try Self.model.get()
        let analysis = try detector.analyze(image)
        #expect(analysis.resizedHeight == reference.img_shape[0] && analysis.resizedWidth == reference.img_shape[1])
        #expect(analysis.roiCount == reference.proposals.boxes.count)
        let n = min(analysis.roiCount, reference.proposals.boxes.count)
        var worstBox: Float = 0, worstScore: Float = 0
        for i in 0..<n {
            worstBox = max(worstBox, maxDifference(analysis.proposals[i].values, reference.proposals.boxes[i]))
            worstScore = max(worstScore, abs((analysis.objectness?[i] ?? -1) - (reference.proposals.objectness?[i] ?? -2)))
        }
        #expect(worstBox <= 1e-2, "proposal boxes differ by \(worstBox) px")
        #expect(worstScore <= 1e-4, "objectness differs by \(worstScore)")
        #expect(analysis.proposalLevels.map { Array($0.prefix(n)) } == reference.proposals.level.map { Array($0.prefix(n)) })
    }

    @Test func headsMatchOnTheReferenceProposals() throws {
        let (detector, reference, image) = try Self.model.get()
        let given = reference.proposals.boxes.compactMap { Box($0) }
        let analysis = try detector.analyze(image, givenProposals: given)
        let settings = PostProcessSettings(config: detector.config)
        try compare(analysis, kept: nil, with: reference, settings: settings, "computed")
        // The same through the analysis store (StoreSizeTests bound its size).
        let stored = try StoreRoundTrip(analysis, settings: settings)
        try compare(stored.analysis, kept: stored.kept, with: reference, settings: settings, "stored")
    }

    private func compare(_ analysis: RawAnalysis, kept: [[Int]]?, with reference: ReferenceFixture, settings: PostProcessSettings,
                         _ name: String) throws {
        let k1 = reference.num_classes + 1
        var worst: [String: Float] = [:]
        for (j, i) in reference.rois.indices.enumerated() {
            #expect(analysis.roiLevels[i] == reference.rois.roi_level[j], "RoI \(i) level")
            worst["fc scores", default: 0] = max(worst["fc scores", default: 0], maxDifference(analysis.fcScores(roi: i), reference.rois.fc_scores[j]))
            worst["conv deltas", default: 0] = max(worst["conv deltas", default: 0],
                                                   keptDifference(try #require(analysis.convDeltas(roi: i)),
                                                                  try #require(reference.rois.conv_deltas)[j], kept: kept?[i]))
            if let expected = reference.rois.conv_scores?[j], let got = analysis.convScores(roi: i) {
                worst["conv scores", default: 0] = max(worst["conv scores", default: 0], maxDifference(got, expected))
            }
            if let expected = reference.rois.fc_deltas?[j], let got = analysis.fcDeltas(roi: i) {
                worst["fc deltas", default: 0] = max(worst["fc deltas", default: 0], keptDifference(got, expected, kept: kept?[i]))
            }
            #expect(analysis.fcScores(roi: i).count == k1)
        }
        print("r50 parity \(name): " + worst.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        for (what, value) in worst { #expect(value <= 1e-4, "\(name): \(what) differ by \(value)") }
        #expect(worst.count == 4, "both heads of the Ext model were compared")

        // Final detections of every variant on the same proposals: all five Double-Head ones.
        #expect(analysis.availableVariants == [.fc, .conv, .dh, .dhReverse, .dhExt])
        for variant in analysis.availableVariants {
            let expected = reference.detections[variant.rawValue] ?? []
            let got = try PostProcessor.detections(analysis, variant: variant, settings: settings)
            #expect(got.count == expected.count, "\(name) \(variant.rawValue): \(got.count) vs \(expected.count) detections")
            var unmatched = 0
            for e in expected {
                let hit = got.contains { $0.label == e.label && $0.roi == e.roi && abs($0.score - e.score) <= 1e-4
                    && maxDifference($0.box.values, e.box) <= 1e-2 }
                if !hit { unmatched += 1 }
            }
            #expect(unmatched == 0, "\(name) \(variant.rawValue): \(unmatched) reference detections not reproduced")
        }
    }
}
