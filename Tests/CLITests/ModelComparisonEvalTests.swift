import Foundation
import TestSupport
import Testing

/// `eval --images` with several --model: every number equals the model's own single-model
/// `eval`, and every per-image AP equals `eval --results` on that image alone.
struct ModelComparisonEvalTests {
    static let demo = RepositoryFiles.path("Samples/models/shapes-dh-ext.safetensors")
    static let tiny = RepositoryFiles.path(SharedFixtures.tinyModel)
    static let images = RepositoryFiles.path("Samples/images")
    static let gt = RepositoryFiles.path("Samples/annotations/shapes-val.json")

    func eval(_ models: [String], _ extra: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let r = try CLIRunner.run(["eval", "--images", Self.images, "--gt", Self.gt, "--json"]
                                  + models.flatMap { ["--model", $0] } + extra)
        #expect(r.status == 0, "\(r.stderr)", sourceLocation: sourceLocation)
        return try JSON.object(r.stdout)
    }

    @Test func sideBySideNumbersAreEachModelsOwnEval() throws {
        let both = try eval([Self.demo, Self.tiny], ["--variants", "all"])
        let models = both["models"] as? [[String: Any]] ?? []
        #expect(models.map { $0["model"] as? String } == [Self.demo, Self.tiny])
        #expect(models.map { $0["name"] as? String } == ["shapes-dh-ext", "tiny-dh-ext"])
        for (path, entry) in zip([Self.demo, Self.tiny], models) {
            let alone = try eval([path], ["--variants", "all"])["variants"] as? [[String: Any]] ?? []
            let side = entry["variants"] as? [[String: Any]] ?? []
            #expect(side.count == alone.count && !alone.isEmpty)
            for (s, a) in zip(side, alone) {
                #expect(s["name"] as? String == "\(entry["name"] as? String ?? ""):\(a["name"] as? String ?? "")")
                #expect(s["model"] as? String == path && a["model"] as? String == path)
                for key in ["stats_list", "categories", "tide", "tide_ap50", "evaluated_detections", "images"] {
                    #expect(NSDictionary(dictionary: [key: s[key] ?? NSNull()]).isEqual(to: [key: a[key] ?? NSNull()]),
                            "\(path) \(a["name"] ?? ""): \(key) \(s[key] ?? "nil") != \(a[key] ?? "nil")")
                }
            }
        }
        // The text names the columns model:variant.
        let text = try CLIRunner.run(["eval", "--images", Self.images, "--gt", Self.gt, "--model", Self.demo, "--model", Self.tiny])
        #expect(text.stdout.contains("shapes-dh-ext:dh-ext") && text.stdout.contains("tiny-dh-ext:dh-ext"), "\(text.stdout)")
        #expect(text.stdout.contains("Where B beats A most") && text.stdout.contains("Where A beats B most"))
    }

    /// Each listed image's APs are pycocotools' AP of the image alone: `eval --results` on a
    /// ground truth holding only that image, with each model's saved results for it.
    @Test func perImageDifferencesAreEachImagesOwnAP() throws {
        let folder = try TemporaryFolder()
        let saved = folder.file("results")
        let value = try eval([Self.tiny, Self.demo], ["--save-results", saved])
        let comparison = (value["image_ap"] as? [[String: Any]] ?? []).first ?? [:]
        #expect(comparison["a"] as? String == "tiny-dh-ext:dh-ext" && comparison["b"] as? String == "shapes-dh-ext:dh-ext")
        let bBetter = comparison["b_better"] as? [[String: Any]] ?? []
        let aBetter = comparison["a_better"] as? [[String: Any]] ?? []
        #expect(!bBetter.isEmpty && bBetter.count <= 5)
        let truth = try JSON.object(String(decoding: try Data(contentsOf: URL(fileURLWithPath: Self.gt)), as: UTF8.self))
        let resultsA = try JSON.array(String(decoding: try Data(contentsOf: URL(fileURLWithPath: "\(saved)/tiny-dh-ext/dh-ext.json")), as: UTF8.self))
        let resultsB = try JSON.array(String(decoding: try Data(contentsOf: URL(fileURLWithPath: "\(saved)/shapes-dh-ext/dh-ext.json")), as: UTF8.self))
        var previous = Double.infinity
        for entry in bBetter + aBetter {
            let id = entry["image_id"] as? Int ?? -1
            var one = truth
            one["images"] = (truth["images"] as? [[String: Any]] ?? []).filter { $0["id"] as? Int == id }
            one["annotations"] = (truth["annotations"] as? [[String: Any]] ?? []).filter { $0["image_id"] as? Int == id }
            let gt = try folder.write(String(decoding: try JSONSerialization.data(withJSONObject: one), as: UTF8.self), to: "gt-\(id).json")
            var aps: [Double] = []
            for (side, results) in [("a", resultsA), ("b", resultsB)] {
                let mine = results.filter { $0["image_id"] as? Int == id }
                let file = try folder.write(String(decoding: try JSONSerialization.data(withJSONObject: mine), as: UTF8.self), to: "\(side)-\(id).json")
                let r = try CLIRunner.run(["eval", "--gt", gt, "--results", file, "--json", "--no-tide"])
                #expect(r.status == 0, "\(r.stderr)")
                let ap = ((try JSON.object(r.stdout))["stats_list"] as? [Double])?.first ?? .nan
                aps.append(ap)
                #expect(abs(ap - (entry["ap_\(side)"] as? Double ?? .nan)) < 1e-9, "image \(id) \(side): \(ap) vs \(entry)")
            }
            if bBetter.contains(where: { $0["image_id"] as? Int == id }) {
                #expect(aps[1] > aps[0])
                #expect(aps[1] - aps[0] <= previous + 1e-12, "b_better is sorted by difference")
                previous = aps[1] - aps[0]
            } else {
                #expect(aps[0] > aps[1])
            }
        }
    }
}

/// detect and inspect name the checkpoint they ran in their JSON.
struct ModelFieldTests {
    @Test func detectAndInspectNameTheirModel() throws {
        let image = RepositoryFiles.path(SharedFixtures.baselineImage)
        for model in [ModelComparisonEvalTests.tiny, ModelComparisonEvalTests.demo] {
            for command in ["detect", "inspect"] {
                let r = try CLIRunner.run([command, image, "--model", model, "--json"])
                #expect(r.status == 0, "\(r.stderr)")
                #expect(try JSON.object(r.stdout)["model"] as? String == model, "\(command): \(r.stdout.prefix(200))")
            }
        }
    }
}
