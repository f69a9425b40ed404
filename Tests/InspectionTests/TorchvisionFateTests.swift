import Compute
import Detector
import Imaging
import Inspection
import TestSupport
import Testing

/// torchvision drops a candidate whose box is under 1e-2 px before NMS: the inspector says so
/// instead of calling its passing score "below the threshold".
struct TorchvisionFateTests {
    @Test func boxesTooSmallAreNamed() throws {
        let detector = try ModelLoader.load(path: RepositoryFiles.path("Tests/Fixtures/torchvision/v2.pth"))
        let image = try ImageDecoder().decodeRGB(contentsOf: RepositoryFiles.path("Samples/images/rocket.png"))
        let analysis = try detector.analyze(image)
        let settings = PostProcessSettings(config: detector.config)
        let outcome = try VariantOutcome(analysis: analysis, variant: .fc2, settings: settings)
        let deltas = try #require(analysis.fcDeltas)
        var tooSmall = 0, passing = 0
        for roi in 0..<analysis.roiCount {
            for label in 0..<analysis.numClasses where outcome.score(roi: roi, label: label) > settings.scoreThreshold {
                passing += 1
                let o = (roi * analysis.regressionClasses + label) * 4
                let box = analysis.resizedBox(roi: roi, delta: SIMD4(deltas[o], deltas[o + 1], deltas[o + 2], deltas[o + 3]),
                                              coder: analysis.boxCoder)
                let small = box.width < 1e-2 || box.height < 1e-2
                let fate = outcome.fate(roi: roi, label: label)
                #expect((fate == .tooSmall(minimum: 1e-2)) == small, "RoI \(roi) class \(label): \(fate.summary)")
                if small { tooSmall += 1 }
            }
        }
        #expect(tooSmall > 0 && passing > tooSmall, "\(tooSmall) of \(passing)")
        #expect(RoIFate.tooSmall(minimum: 1e-2).summary == "dropped before NMS: its box is under 0.01 px across")
    }
}
