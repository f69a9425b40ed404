import Compute
import Foundation
import Imaging
import TestSupport
import Testing
@testable import Detector

/// The shipped demo model (F16 safetensors) against the PyTorch reference on sample images
/// (Tests/Fixtures/demo, written by `python Tools/fixtures.py demo`).
@Suite(.serialized)
struct DemoParityTests {
    static let modelPath = "Samples/models/shapes-dh-ext.safetensors"
    static let fixtures = ["shapes_s3_00000", "shapes_s3_00001", "astronaut"]

    static let detector: Result<DoubleHeadDetector, Error> = Result {
        try ModelLoader.load(path: RepositoryFiles.path(modelPath))
    }

    @Test(arguments: fixtures)
    func matchesTheReference(_ name: String) throws {
        let detector = try Self.detector.get()
        let reference = try ReferenceFixture.load("Tests/Fixtures/demo/\(name).json")
        let image = try ImageDecoder().decodeRGB(contentsOf: RepositoryFiles.path(reference.image))

        // Proposals from the RPN.
        let own = try detector.analyze(image)
        #expect(own.roiCount == reference.proposals.boxes.count)
        // Proposals whose objectness ties to within float rounding may swap places; compare
        // them as a set: every reference proposal has its twin (box within 1e-2 px, objectness
        // within 1e-4), and where the order differs the scores tie.
        let objectness = own.objectness ?? []
        var unmatched = 0, misordered = 0
        for (i, expected) in reference.proposals.boxes.enumerated() {
            let expectedScore = reference.proposals.objectness?[i] ?? -1
            let twin = own.proposals.indices.first {
                maxDifference(own.proposals[$0].values, expected) <= 1e-2 && abs(objectness[$0] - expectedScore) <= 1e-4
            }
            guard let twin else { unmatched += 1; continue }
            if twin != i && abs(objectness[twin] - objectness[i]) > 1e-6 { misordered += 1 }
        }
        #expect(unmatched == 0, "\(name): \(unmatched) reference proposals not reproduced")
        #expect(misordered == 0, "\(name): \(misordered) proposals out of order without a tie")

        // Both heads on exactly the reference's proposals, as computed and as the store
        // returns them.
        let analysis = try detector.analyze(image, givenProposals: reference.proposals.boxes.compactMap { Box($0) })
        let settings = PostProcessSettings(config: detector.config)
        try compare(analysis, kept: nil, with: reference, settings: settings, name)
        let stored = try StoreRoundTrip(analysis, settings: settings)
        try compare(stored.analysis, kept: stored.kept, with: reference, settings: settings, "\(name) (stored)")
        let fromSummary = stored.detections
        for variant in analysis.availableVariants {
            #expect(fromSummary[variant] == (try PostProcessor.detections(stored.analysis, variant: variant, settings: settings)))
        }
    }

    /// Head outputs within 1e-4 (deltas of the `kept` classes only, when given) and every
    /// variant's detections within 1e-4 in score and 1e-2 px.
    private func compare(_ analysis: RawAnalysis, kept: [[Int]]?, with reference: ReferenceFixture, settings: PostProcessSettings,
                         _ name: String) throws {
        var worst: Float = 0
        for (j, i) in reference.rois.indices.enumerated() {
            worst = max(worst, maxDifference(analysis.fcScores(roi: i), reference.rois.fc_scores[j]))
            worst = max(worst, keptDifference(try #require(analysis.convDeltas(roi: i)),
                                                  try #require(reference.rois.conv_deltas)[j], kept: kept?[i]))
            if let e = reference.rois.conv_scores?[j], let g = analysis.convScores(roi: i) { worst = max(worst, maxDifference(g, e)) }
            if let e = reference.rois.fc_deltas?[j], let g = analysis.fcDeltas(roi: i) { worst = max(worst, keptDifference(g, e, kept: kept?[i])) }
        }
        print("demo parity \(name): worst head output difference \(worst)")
        #expect(worst <= 1e-4, "\(name): head outputs differ by \(worst)")

        for variant in analysis.availableVariants {
            let expected = reference.detections[variant.rawValue] ?? []
            let got = try PostProcessor.detections(analysis, variant: variant, settings: settings)
            #expect(got.count == expected.count, "\(name) \(variant.rawValue): \(got.count) vs \(expected.count)")
            let missing = expected.filter { e in
                !got.contains { $0.label == e.label && $0.roi == e.roi && abs($0.score - e.score) <= 1e-4 && maxDifference($0.box.values, e.box) <= 1e-2 }
            }
            #expect(missing.isEmpty, "\(name) \(variant.rawValue): \(missing.count) reference detections not reproduced")
        }
    }
}
