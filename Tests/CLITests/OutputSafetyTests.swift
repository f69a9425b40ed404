import Foundation
import TestSupport
import Testing

/// No command writes over one of its inputs, whether the output is named by the same path,
/// another spelling of it, a symbolic link or a hard link.
struct OutputSafetyTests {
    static let model = DetectorCommandTests.model
    static let image = RepositoryFiles.path(SharedFixtures.baselineImage)

    func unchanged(_ path: String, _ original: Data) -> Bool {
        (try? Data(contentsOf: URL(fileURLWithPath: path))) == original
    }

    @Test func renderRefusesToWriteOverItsInputs() throws {
        let folder = try TemporaryFolder("dhscope-same")
        let input = try folder.copy(Self.image, to: "same.jpg")
        let boxes = try folder.write(#"[{"box": [4, 4, 40, 30], "label": "hexagon", "score": 0.97}]"#, to: "boxes.json")
        try FileManager.default.createSymbolicLink(atPath: folder.file("link.jpg"), withDestinationPath: input)
        try FileManager.default.linkItem(atPath: input, toPath: folder.file("hard.jpg"))
        let model = try folder.copy(Self.model, to: "model.safetensors")
        let original = try Data(contentsOf: URL(fileURLWithPath: input))
        let originalBoxes = try Data(contentsOf: URL(fileURLWithPath: boxes))
        let cases: [(arguments: [String], output: String)] = [
            (["render", input, "--boxes", boxes, "--png", input], input),
            (["render", "same.jpg", "--boxes", "boxes.json", "--png", "./same.jpg"], "./same.jpg"),
            (["render", input, "--png", folder.file("link.jpg")], folder.file("link.jpg")),
            (["render", input, "--png", folder.file("hard.jpg")], folder.file("hard.jpg")),
            (["render", input, "--size", "20x5", "--snapshot", folder.file("hard.jpg")], folder.file("hard.jpg")),
            (["render", input, "--boxes", boxes, "--png", boxes], boxes),
            (["render", input, "--model", model, "--png", model], model),
        ]
        let originalModel = try Data(contentsOf: URL(fileURLWithPath: model))
        for (arguments, output) in cases {
            let r = try CLIRunner.run(arguments, in: folder.url)
            #expect(r.status != 0, "\(arguments) must be refused")
            #expect(r.stderr.contains(output) && r.stderr.contains("input"), "\(arguments): \(r.stderr)")
        }
        #expect(unchanged(input, original), "the image is intact")
        #expect(unchanged(boxes, originalBoxes), "the boxes file is intact")
        #expect(unchanged(model, originalModel), "the model is intact")
        // A different file is still written.
        let ok = try CLIRunner.run(["render", input, "--boxes", boxes, "--png", folder.file("out.png")])
        #expect(ok.status == 0, "\(ok.stderr)")
    }

    @Test func analyzeAndEvalRefuseToWriteOverTheirInputs() throws {
        let folder = try TemporaryFolder("dhscope-same")
        try folder.copy(Self.image, to: "images/baseline.jpg")
        let gtText = #"{"images": [{"id": 1, "file_name": "baseline.jpg", "width": 64, "height": 48}], "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [10, 8, 30, 24], "area": 720, "iscrowd": 0}], "categories": [{"id": 1, "name": "square"}]}"#
        // The ground truth sits where eval --save-results would write the dh-ext results.
        let gt = try folder.write(gtText, to: "results/dh-ext.json")
        let images = folder.file("images")
        let analyze = try CLIRunner.run(["analyze", "--gt", gt, "--images", images, "--model", Self.model,
                                         "--per-bin", "1", "--png", gt])
        #expect(analyze.status != 0)
        #expect(analyze.stderr.contains(gt) && analyze.stderr.contains("input"), "\(analyze.stderr)")
        let overImage = try CLIRunner.run(["analyze", "--gt", gt, "--images", images, "--model", Self.model,
                                           "--per-bin", "1", "--png", images + "/baseline.jpg"])
        #expect(overImage.status != 0, "\(overImage.stderr)")
        let eval = try CLIRunner.run(["eval", "--gt", gt, "--images", images, "--model", Self.model,
                                      "--save-results", folder.file("results")])
        #expect(eval.status != 0)
        #expect(eval.stderr.contains("dh-ext.json") && eval.stderr.contains("input"), "\(eval.stderr)")
        #expect(try String(contentsOfFile: gt, encoding: .utf8) == gtText, "the ground truth is intact")
        #expect(try Data(contentsOf: URL(fileURLWithPath: images + "/baseline.jpg")) == Data(contentsOf: URL(fileURLWithPath: Self.image)))
    }

    @Test func aFolderGivenAsTheOutputIsNamedAsSuch() throws {
        let folder = try TemporaryFolder("dhscope-same")
        for option in ["--png", "--snapshot"] {
            let r = try CLIRunner.run(["render", Self.image, "--size", "20x5", option, folder.path])
            #expect(r.status != 0)
            #expect(r.stderr.contains("\(option) \(folder.path)") && r.stderr.contains("is a folder"), "\(r.stderr)")
            #expect(!r.stderr.contains("NSCocoaErrorDomain"), "\(r.stderr)")
        }
    }
}
