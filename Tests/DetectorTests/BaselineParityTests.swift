import Compute
import Foundation
import Imaging
import TestSupport
import Testing
@testable import Detector

/// mmdetection's FPN Faster R-CNN baseline (Shared2FCBBoxHead) against the reference's
/// Shared2FC head (Tools/dhref), on Samples/images/chelsea.png at mmdetection's default test
/// settings (Tests/Fixtures/baseline, written by Tools/fixtures/make_baseline_fixtures.py).
@Suite(.serialized)
struct BaselineParityTests {
    static let folder = "Tests/Fixtures/baseline"

    static func detector(_ file: String) throws -> DoubleHeadDetector {
        try ModelLoader.load(path: RepositoryFiles.path("\(folder)/\(file)"))
    }

    /// The fixtures' two models at mmdetection's default settings, and the shipped shapes
    /// baseline (Tools/train_baseline.py) at its own (its reference written by Tools/reference.py).
    @Test(arguments: [("\(folder)/faster-rcnn.pth", "faster-rcnn-reference.json", false),
                      ("\(folder)/agnostic.safetensors", "agnostic-reference.json", true),
                      ("Samples/models/shapes-2fc.safetensors", "shapes-2fc-reference.json", false)])
    func matchesTheReference(_ model: String, _ fixture: String, agnostic: Bool) throws {
        let detector = try ModelLoader.load(path: RepositoryFiles.path(model))
        let reference = try ReferenceFixture.load("\(Self.folder)/\(fixture)")
        #expect(detector.config.layout == .mmdetFasterRCNN)
        #expect(detector.config.regClassAgnostic == agnostic)
        #expect(HeadVariant.available(for: detector.config) == [.fc2])
        #expect(detector.config.classNames == (reference.class_names ?? []))
        let image = try ImageDecoder().decodeRGB(contentsOf: RepositoryFiles.path(reference.image))

        // The RPN's proposals, as a set.
        let own = try detector.analyze(image)
        #expect([own.resizedHeight, own.resizedWidth] == reference.img_shape)
        #expect(own.roiCount == reference.proposals.boxes.count)
        let proposals = ProposalComparison(own, boxes: reference.proposals.boxes, objectness: reference.proposals.objectness ?? [])
        #expect(proposals.unmatched == 0, "\(model): \(proposals.unmatched) reference proposals not reproduced")
        #expect(proposals.misordered == 0, "\(model): \(proposals.misordered) proposals out of order without a tie")
        #expect(own.availableVariants == [.fc2] && own.convDeltas == nil)

        // The head on exactly the reference's proposals, as computed and as the store returns it.
        let analysis = try detector.analyze(image, givenProposals: reference.proposals.boxes.compactMap { Box($0) })
        let settings = PostProcessSettings(config: detector.config)
        let worst = try compare(analysis, kept: nil, with: reference, settings: settings, model)
        let stored = try StoreRoundTrip(analysis, settings: settings)
        _ = try compare(stored.analysis, kept: stored.kept, with: reference, settings: settings, "\(model) (stored)")
        #expect(stored.detections[.fc2] == (try PostProcessor.detections(stored.analysis, variant: .fc2, settings: settings)))
        print("baseline parity \(model): proposals \(proposals.worstBox) px, objectness \(proposals.worstObjectness); \(worst)")
    }

    /// The zip and legacy .pth and the safetensors hold one model: the same configuration
    /// and, on the same proposals, the same outputs to the bit.
    @Test func theThreeFormatsHoldOneModel() throws {
        let reference = try ReferenceFixture.load("\(Self.folder)/faster-rcnn-reference.json")
        let image = try ImageDecoder().decodeRGB(contentsOf: RepositoryFiles.path(reference.image))
        let given = reference.proposals.boxes.prefix(50).compactMap { Box($0) }
        var analyses: [RawAnalysis] = []
        var configs: [ModelConfig] = []
        for file in ["faster-rcnn.pth", "faster-rcnn-legacy.pth", "faster-rcnn.safetensors"] {
            let detector = try Self.detector(file)
            configs.append(detector.config)
            analyses.append(try detector.analyze(image, givenProposals: given))
        }
        #expect(configs.allSatisfy { $0 == configs[0] })
        #expect(analyses.allSatisfy { $0.fcScores == analyses[0].fcScores && $0.fcDeltas == analyses[0].fcDeltas })
    }

    /// Head outputs within 1e-4 (the deltas of the `kept` classes only, when given) and the
    /// fc2 detections within 1e-4 in score and 1e-2 px, each from its own RoI.
    private func compare(_ analysis: RawAnalysis, kept: [[Int]]?, with reference: ReferenceFixture, settings: PostProcessSettings,
                         _ name: String) throws -> ParityWorst {
        var worst = ParityWorst()
        #expect(reference.rois.conv_deltas == nil && analysis.convDeltas == nil)
        let expectedDeltas = try #require(reference.rois.fc_deltas)
        for (j, i) in reference.rois.indices.enumerated() {
            #expect(analysis.roiLevels[i] == reference.rois.roi_level[j], "\(name): RoI \(i) level")
            worst.scores = max(worst.scores, maxDifference(analysis.fcScores(roi: i), reference.rois.fc_scores[j]))
            worst.deltas = max(worst.deltas, keptDifference(try #require(analysis.fcDeltas(roi: i)), expectedDeltas[j], kept: kept?[i]))
        }
        #expect(worst.scores <= 1e-4 && worst.deltas <= 1e-4, "\(name): \(worst)")

        let expected = try #require(reference.detections["fc2"])
        let got = try PostProcessor.detections(analysis, variant: .fc2, settings: settings)
        #expect(got.count == expected.count, "\(name): \(got.count) vs \(expected.count) detections")
        var unmatched = 0
        for e in expected {
            guard let twin = got.first(where: { $0.label == e.label && $0.roi == e.roi }) else { unmatched += 1; continue }
            worst.detectionScores = max(worst.detectionScores, abs(twin.score - e.score))
            worst.detectionBoxes = max(worst.detectionBoxes, maxDifference(twin.box.values, e.box))
        }
        #expect(unmatched == 0, "\(name): \(unmatched) reference detections without a twin")
        #expect(worst.detectionScores <= 1e-4 && worst.detectionBoxes <= 1e-2, "\(name): \(worst)")
        return worst
    }
}
