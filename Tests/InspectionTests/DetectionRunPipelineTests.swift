import Detector
import Foundation
import Imaging
import Inspection
import TestSupport
import Testing

/// `dhscope detect`'s loop over files with the next image prepared while the network runs.
@Suite(.serialized)
struct DetectionRunPipelineTests {
    static let model = RepositoryFiles.path("Samples/models/shapes-dh-ext.safetensors")
    static let images = ["astronaut.png", "shapes_s3_00002.png", "rocket.png", "shapes_s3_00003.png"]
        .map { RepositoryFiles.path("Samples/images/\($0)") }

    static func detect(_ files: [String], lookahead: Int, _ run: DetectionRun) -> (entries: [ImageDetections], failures: [String]) {
        var entries: [ImageDetections] = [], failures: [String] = []
        _ = run.run(files: files, lookahead: lookahead, found: { entries.append($0) }, failed: { failures.append($0) })
        return (entries, failures)
    }

    @Test func pipelinedDetectionsAreEachImagesAloneInOrder() throws {
        let detector = try ModelLoader.load(path: Self.model)
        let variant = try HeadVariant.resolve(nil, for: detector.config)
        let settings = PostProcessSettings(config: detector.config)
        let run = DetectionRun(detector: detector, variant: variant, settings: settings)
        let pipelined = Self.detect(Self.images, lookahead: 1, run)
        let sequential = Self.detect(Self.images, lookahead: 0, run)
        #expect(pipelined.failures.isEmpty && sequential.failures.isEmpty)
        #expect(pipelined.entries.map(\.file) == Self.images)
        for (index, path) in Self.images.enumerated() {
            let image = try ImageDecoder().decodeRGB(contentsOf: path)
            let alone = try PostProcessor.detections(try detector.analyze(image), variant: variant, settings: settings)
            #expect(pipelined.entries[index].detections == alone, "\(path)")
            #expect(sequential.entries[index].detections == alone, "\(path)")
            #expect(pipelined.entries[index].width == image.width && pipelined.entries[index].height == image.height)
        }
    }

    @Test func aFileThatIsNotAnImageIsNamedAndTheOthersFollow() throws {
        let folder = try TemporaryFolder("dhscope-detectrun")
        let bad = try folder.write("not pixels", to: "broken.png")
        let files = [Self.images[1], bad, Self.images[3]]
        let detector = try ModelLoader.load(path: Self.model)
        let run = DetectionRun(detector: detector, variant: try HeadVariant.resolve(nil, for: detector.config),
                               settings: PostProcessSettings(config: detector.config))
        let result = Self.detect(files, lookahead: 1, run)
        #expect(result.entries.map(\.file) == [Self.images[1], Self.images[3]])
        #expect(result.failures.count == 1 && result.failures.first?.contains("broken.png") == true, "\(result.failures)")
    }
}
