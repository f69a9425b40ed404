import Foundation
import TestSupport
import Testing

/// detect, inspect and weights end to end, on a tiny formula-weights Double-Head-Ext model
/// whose PyTorch reference output is committed (Tools/fixtures/make_cli_fixtures.py).
struct DetectorCommandTests {
    static let model = RepositoryFiles.path(SharedFixtures.tinyModel)
    static let legacyModel = RepositoryFiles.path(SharedFixtures.tinyLegacyModel)
    /// From the repository's root, where the binary runs.
    static let image = SharedFixtures.baselineImage

    struct Reference: Decodable {
        struct RoIs: Decodable {
            var indices: [Int]
            var fc_scores: [[Float]]
            var conv_deltas: [[Float]]
        }
        struct Detection: Decodable {
            var box: [Float]
            var score: Float
            var label: Int
            var roi: Int
        }
        var rois: RoIs
        var detections: [String: [Detection]]
    }

    struct DetectOutput: Decodable {
        struct Image: Decodable {
            struct Detection: Decodable {
                var label: String
                var category_id: Int
                var score: Float
                var box: [Float]
                var roi: Int
            }
            var file: String
            var width: Int
            var height: Int
            var detections: [Detection]
        }
        var images: [Image]
    }

    func reference() throws -> Reference {
        let data = try Data(contentsOf: RepositoryFiles.url(SharedFixtures.tinyReference))
        return try JSONDecoder().decode(Reference.self, from: data)
    }

    func detect(_ model: String, variant: String) throws -> DetectOutput {
        let r = try CLIRunner.run(["detect", Self.image, "--model", model, "--variant", variant, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        return try JSONDecoder().decode(DetectOutput.self, from: Data(r.stdout.utf8))
    }

    @Test(arguments: ["fc", "conv", "dh", "dh-reverse", "dh-ext"])
    func detectReproducesTheReference(_ variant: String) throws {
        let expected = try reference().detections[variant] ?? []
        let output = try detect(Self.model, variant: variant)
        let got = output.images.first?.detections ?? []
        #expect(output.images.first?.width == 64 && output.images.first?.height == 48)
        #expect(got.count == expected.count, "\(variant): \(got.count) vs \(expected.count)")
        let names = ["circle", "square", "triangle"]
        for (g, e) in zip(got, expected) {
            #expect(g.label == names[e.label] && g.category_id == e.label + 1 && g.roi == e.roi)
            #expect(abs(g.score - e.score) <= 1e-4)
            #expect(zip(g.box, e.box).allSatisfy { abs($0 - $1) <= 1e-2 }, "\(g.box) vs \(e.box)")
        }
    }

    @Test func legacyPthHoldsTheSameWeightsAsSafetensors() throws {
        // The .pth carries no dhscope metadata (so its test settings are mmdetection's
        // defaults); its tensors must equal the safetensors' exactly.
        func sums(_ path: String) throws -> [String: Double] {
            let r = try CLIRunner.run(["weights", path, "--json"])
            #expect(r.status == 0, "\(r.stderr)")
            let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
            let tensors = object?["tensors"] as? [[String: Any]] ?? []
            return Dictionary(tensors.compactMap { t in
                (t["name"] as? String).flatMap { n in (t["sum"] as? Double).map { (n, $0) } }
            }, uniquingKeysWith: { a, _ in a })
        }
        let a = try sums(Self.model), b = try sums(Self.legacyModel)
        #expect(a.count > 100)
        for (name, sum) in a { #expect(b[name] == sum, "\(name)") }
    }

    @Test func inspectShowsBothHeadsPerRoI() throws {
        let reference = try reference()
        let roi = reference.rois.indices[min(3, reference.rois.indices.count - 1)]
        let r = try CLIRunner.run(["inspect", Self.image, "--model", Self.model, "--roi", String(roi), "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let rois = object?["rois"] as? [[String: Any]] ?? []
        #expect(rois.count == 1)
        let fc = (rois.first?["fc"] as? [String: Any])?["scores"] as? [Double] ?? []
        let conv = (rois.first?["conv"] as? [String: Any])?["deltas"] as? [Double] ?? []
        let j = reference.rois.indices.firstIndex(of: roi) ?? 0
        #expect(fc.count == 4 && conv.count == 12)
        #expect(zip(fc, reference.rois.fc_scores[j]).allSatisfy { abs(Float($0) - $1) <= 1e-4 })
        #expect(zip(conv, reference.rois.conv_deltas[j]).allSatisfy { abs(Float($0) - $1) <= 1e-4 })
        #expect(rois.first?["objectness"] != nil && rois.first?["level"] != nil && rois.first?["proposal"] != nil)
        let bad = try CLIRunner.run(["inspect", Self.image, "--model", Self.model, "--roi", "100000"])
        #expect(bad.status != 0 && bad.stderr.contains("out of range"))
    }

    @Test func weightsDescribesTheCheckpoint() throws {
        let r = try CLIRunner.run(["weights", Self.legacyModel, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let architecture = object?["architecture"] as? [String: Any]
        #expect(architecture?["backbone_depth"] as? Int == 18)
        #expect(object?["classes"] as? [String] == ["circle", "square", "triangle"])
        let tensors = object?["tensors"] as? [[String: Any]] ?? []
        #expect(tensors.contains { $0["name"] as? String == "roi_head.bbox_head.conv_cls.weight" })
    }

    @Test func badModelsAndImagesAreReportedAndSkipped() throws {
        let missing = try CLIRunner.run(["detect", Self.image, "--model", RepositoryFiles.path("Tests/Fixtures/tiny/nope.safetensors")])
        #expect(missing.status != 0 && missing.stderr.contains("nope.safetensors"))
        let notAModel = try CLIRunner.run(["detect", Self.image, "--model", "Samples/images/shapes_s3_00000.png"])
        #expect(notAModel.status != 0 && notAModel.stderr.contains("shapes_s3_00000.png"))
        // A bad image in a list is reported; the others are still processed.
        let mixed = try CLIRunner.run(["detect", SharedFixtures.truncatedImage, Self.image, "--model", Self.model, "--json"])
        #expect(mixed.status != 0)
        #expect(mixed.stderr.contains("truncated.jpg"))
        let output = try JSONDecoder().decode(DetectOutput.self, from: Data(mixed.stdout.utf8))
        #expect(output.images.count == 1)
    }

    @Test func cocoExportUsesTheDatasetsIds() throws {
        let folder = try TemporaryFolder("dhscope-coco")
        let dir = folder.url
        let gt = dir.appendingPathComponent("gt.json")
        try Data(#"{"images": [{"id": 42, "file_name": "baseline.jpg", "width": 64, "height": 48}], "annotations": [], "categories": [{"id": 7, "name": "circle"}, {"id": 9, "name": "square"}, {"id": 11, "name": "triangle"}]}"#.utf8).write(to: gt)
        let r = try CLIRunner.run(["detect", Self.image, "--model", Self.model, "--variant", "dh", "--coco", "--gt", gt.path])
        #expect(r.status == 0, "\(r.stderr)")
        let results = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]] ?? []
        let expected = try reference().detections["dh"] ?? []
        #expect(results.count == expected.count && !results.isEmpty)
        let ids = [7, 9, 11]
        for (got, e) in zip(results, expected) {
            #expect(got["image_id"] as? Int == 42)
            #expect(got["category_id"] as? Int == ids[e.label])
            let bbox = got["bbox"] as? [Double] ?? []
            #expect(bbox.count == 4 && abs(Float(bbox[2]) - (e.box[2] - e.box[0])) <= 1e-2)
        }
    }

    @Test func inspectJSONLinesHasOneLinePerRoI() throws {
        let r = try CLIRunner.run(["inspect", Self.image, "--model", Self.model, "--jsonl"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 60, "the tiny model keeps 60 proposals")
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["index"] != nil && object?["fc"] != nil && object?["conv"] != nil)
        }
    }

    /// Each RoI's outcome names the detection the PyTorch reference made from it.
    @Test(arguments: ["fc", "dh", "dh-ext"])
    func inspectOutcomesAgreeWithTheReferenceDetections(_ variant: String) throws {
        let reference = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: RepositoryFiles.url(SharedFixtures.tinyReference)))
        let r = try CLIRunner.run(["inspect", Self.image, "--model", Self.model, "--jsonl", "--variant", variant])
        #expect(r.status == 0, "\(r.stderr)")
        let outcomes = try r.stdout.split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return object?["outcome"] as? [String: Any] ?? [:]
        }
        var checked = 0
        for (n, e) in (reference.detections[variant] ?? []).enumerated() where outcomes.indices.contains(e.roi) {
            let o = outcomes[e.roi]
            #expect(o["variant"] as? String == variant)
            guard o["label"] as? Int == e.label else { continue }
            // Detections are numbered from 1, as the fate summary says.
            #expect(o["fate"] as? String == "kept" && o["detection"] as? Int == n + 1, "RoI \(e.roi): \(o)")
            checked += 1
        }
        #expect(checked > 0)
        let suppressed = outcomes.filter { $0["fate"] as? String == "suppressed" }
        for o in suppressed { #expect((o["suppression_iou"] as? Double ?? 0) > 0.5 && o["suppressed_by_roi"] is Int) }
    }

    @Test func analyzeSamplesEveryBinAroundTheGroundTruth() throws {
        let folder = try TemporaryFolder("dhscope-analyze")
        let dir = folder.url
        let gt = dir.appendingPathComponent("gt.json")
        try Data(#"{"images": [{"id": 1, "file_name": "baseline.jpg", "width": 64, "height": 48}], "annotations": [{"id": 1, "image_id": 1, "category_id": 5, "bbox": [10, 8, 30, 24], "area": 720, "iscrowd": 0}], "categories": [{"id": 5, "name": "square"}]}"#.utf8).write(to: gt)
        let r = try CLIRunner.run(["analyze", "--gt", gt.path, "--images", SharedFixtures.images, "--model", Self.model, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect(object?["samples"] as? Int == 20)
        let bins = object?["bins"] as? [[String: Any]] ?? []
        #expect(bins.map { $0["count"] as? Int ?? -1 } == [4, 4, 4, 4, 4])
        #expect(object?["pearson_fc"] is Double && object?["pearson_conv"] is Double)

        // The RPN's own proposals, and the chart: a ground-truth box where the tiny model's
        // RPN proposes (its proposals crowd the top right corner).
        let rpnGT = dir.appendingPathComponent("rpn-gt.json")
        try Data(#"{"images": [{"id": 1, "file_name": "baseline.jpg", "width": 64, "height": 48}], "annotations": [{"id": 1, "image_id": 1, "category_id": 5, "bbox": [26, 0, 38, 11], "area": 418, "iscrowd": 0}], "categories": [{"id": 5, "name": "square"}]}"#.utf8).write(to: rpnGT)
        let png = dir.appendingPathComponent("analysis.png").path
        let rpn = try CLIRunner.run(["analyze", "--gt", rpnGT.path, "--images", SharedFixtures.images, "--model", Self.model,
                                     "--proposals", "rpn", "--png", png, "--json"])
        #expect(rpn.status == 0, "\(rpn.stderr)")
        let matched = try JSONSerialization.jsonObject(with: Data(rpn.stdout.utf8)) as? [String: Any]
        let counts = (matched?["bins"] as? [[String: Any]] ?? []).map { $0["count"] as? Int ?? 0 }
        #expect(matched?["samples"] as? Int == counts.reduce(0, +) && counts.reduce(0, +) > 0)
        let header = try Data(contentsOf: URL(fileURLWithPath: png)).prefix(8)
        #expect(Array(header) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    }
}
