import Foundation
import TestSupport
import Testing

/// Every JSON output: snake_case field names, one schema per object kind (optional values
/// are written as null, never left out), and no numbers written as strings ("nan", "inf").
struct JSONSchemaTests {
    static let model = DetectorCommandTests.model
    static let image = RepositoryFiles.path(SharedFixtures.baselineImage)
    static let fixtures = (image as NSString).deletingLastPathComponent

    /// Objects whose keys are data (metric names, stage names, variants, checkpoint metadata).
    static let dataMaps: Set<String> = ["stats", "stages_ms", "postprocess_ms", "metadata"]

    /// Problems with `value` at `path`: non-snake_case keys, numbers as strings, and arrays
    /// whose objects do not share one set of keys.
    static func problems(_ value: Any, at path: String = "$") -> [String] {
        var found: [String] = []
        switch value {
        case let object as [String: Any]:
            for (key, child) in object {
                let isData = dataMaps.contains(String(path.split(separator: ".").last ?? ""))
                if !isData && key.range(of: "^[a-z][a-z0-9_]*$", options: .regularExpression) == nil {
                    found.append("\(path): key \"\(key)\" is not snake_case")
                }
                found += problems(child, at: "\(path).\(key)")
            }
        case let array as [Any]:
            let objects = array.compactMap { $0 as? [String: Any] }
            if let first = objects.first {
                let keys = Set(first.keys)
                for (i, o) in objects.enumerated() where Set(o.keys) != keys {
                    found.append("\(path)[\(i)]: keys \(o.keys.sorted()) differ from \(keys.sorted())")
                }
            }
            for (i, child) in array.enumerated() { found += problems(child, at: "\(path)[\(i)]") }
        case let text as String:
            if ["nan", "-nan", "inf", "-inf", "infinity", "-infinity"].contains(text.lowercased()) {
                found.append("\(path): the number \"\(text)\" is written as a string")
            }
        default:
            break
        }
        return found
    }

    func checked(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> Any {
        let r = try CLIRunner.run(arguments)
        #expect(r.status == 0, "\(arguments): \(r.stderr)", sourceLocation: sourceLocation)
        let value = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8), options: [.fragmentsAllowed])
        let issues = Self.problems(value)
        #expect(issues.isEmpty, "\(arguments):\n\(issues.prefix(10).joined(separator: "\n"))", sourceLocation: sourceLocation)
        return value
    }

    /// Ground truth for baseline.jpg; `box` is COCO [x, y, w, h]. The default lies where the
    /// tiny model's RPN proposes, so both analyses find proposals.
    func groundTruth(_ folder: TemporaryFolder, box: String = "[26, 0, 38, 11]") throws -> String {
        try folder.write(#"{"images": [{"id": 1, "file_name": "baseline.jpg", "width": 64, "height": 48}], "annotations": [{"id": 1, "image_id": 1, "category_id": 2, "bbox": \#(box), "area": 418, "iscrowd": 0}], "categories": [{"id": 1, "name": "circle"}, {"id": 2, "name": "square"}, {"id": 3, "name": "triangle"}]}"#, to: "gt.json")
    }

    @Test func analyzeWritesSnakeCaseWithNullForUndefinedMeans() throws {
        let folder = try TemporaryFolder()
        let gt = try groundTruth(folder)
        for source in ["sampled", "rpn"] {
            let value = try checked(["analyze", "--gt", gt, "--images", Self.fixtures, "--model", Self.model,
                                     "--proposals", source, "--json"])
            let object = value as? [String: Any] ?? [:]
            #expect(Set(object.keys) == ["samples", "pearson_fc", "pearson_conv", "bins", "heads"], "\(object.keys)")
            let heads = object["heads"] as? [[String: Any]] ?? []
            #expect(heads.map { $0["head"] as? String } == ["fc", "conv"])
            #expect(heads.allSatisfy { Set($0.keys) == ["model", "head", "pearson", "bins"] && ($0["bins"] as? [Any])?.count == 5 })
            let bins = object["bins"] as? [[String: Any]] ?? []
            #expect(bins.count == 5)
            for bin in bins {
                #expect(Set(bin.keys) == ["low", "high", "count", "mean_proposal_iou", "mean_fc_box_iou", "mean_conv_box_iou",
                                          "mean_fc_score", "mean_conv_score"], "\(bin.keys)")
                if bin["count"] as? Int == 0 {
                    for key in bin.keys where key.hasPrefix("mean_") { #expect(bin[key] is NSNull, "\(source) \(key): \(bin)") }
                }
            }
        }
    }

    @Test func inspectNumbersDetectionsFromOneAsItsSummaryAndDetectDo() throws {
        let value = try checked(["inspect", Self.image, "--model", Self.model, "--variant", "dh", "--json"])
        let rois = (value as? [String: Any])?["rois"] as? [[String: Any]] ?? []
        let detections = try JSON.object(CLIRunner.run(["detect", Self.image, "--model", Self.model, "--variant", "dh", "--json"]).stdout)
        let listed = ((detections["images"] as? [[String: Any]])?.first?["detections"] as? [[String: Any]]) ?? []
        var kept = 0
        for roi in rois {
            let outcome = roi["outcome"] as? [String: Any] ?? [:]
            #expect(Set(outcome.keys).isSuperset(of: ["detection", "suppressed_by_roi", "suppression_iou", "refined_box"]), "\(outcome.keys)")
            guard outcome["fate"] as? String == "kept", let n = outcome["detection"] as? Int else { continue }
            kept += 1
            #expect(outcome["fate_summary"] as? String == "kept as detection \(n)")
            #expect(n >= 1 && n <= listed.count)
            if n >= 1 && n <= listed.count { #expect(listed[n - 1]["roi"] as? Int == roi["index"] as? Int) }
        }
        #expect(kept > 0)
        _ = try checked(["inspect", Self.image, "--model", Self.model, "--roi", "0", "--json"])
    }

    @Test func evalWritesNullsWithoutTIDEAndSnakeCaseWithIt() throws {
        let folder = try TemporaryFolder()
        let gt = try groundTruth(folder)
        let results = try folder.write(#"[{"image_id": 1, "category_id": 2, "bbox": [10, 8, 30, 24], "score": 0.9}]"#, to: "results.json")
        let without = try checked(["eval", "--gt", gt, "--results", results, "--no-tide", "--json"]) as? [String: Any] ?? [:]
        #expect(without["tide"] is NSNull && without["tide_ap50"] is NSNull, "\(without.keys.sorted())")
        _ = try checked(["eval", "--gt", gt, "--results", results, "--json"])
        _ = try checked(["eval", "--gt", gt, "--images", Self.fixtures, "--model", Self.model, "--json"])
        _ = try checked(["eval", "--gt", gt, "--images", Self.fixtures, "--model", Self.model, "--model",
                         RepositoryFiles.path("Samples/models/shapes-dh-ext.safetensors"), "--json"])
    }

    @Test func benchReviewWritesEveryPartAndVariant() throws {
        let folder = try TemporaryFolder()
        let gt = try groundTruth(folder)
        let results = try folder.write(#"[{"image_id": 1, "category_id": 2, "bbox": [26, 1, 37, 10], "score": 0.9}, {"image_id": 1, "category_id": 1, "bbox": [0, 0, 10, 10], "score": 0.4}]"#, to: "results.json")
        let value = try checked(["bench", "review", "--gt", gt, "--results", results, "--variants", "3", "--rounds", "1",
                                 "--lookups", "10", "--json"]) as? [String: Any] ?? [:]
        #expect(Set(value.keys) == ["images", "objects", "detections", "variants", "threads", "rounds", "build_ms", "build_cpu_ms",
                                    "to_coco_ms", "evaluation_ms", "label_mapping_ms", "parts_ms", "navigator_ms", "lookups",
                                    "lookup_ms", "lookup_us", "lookups_found", "ap", "store_read_ms"], "\(value.keys.sorted())")
        #expect(value["store_read_ms"] is NSNull)
        // Through a store: the same review, its detections read back from the entries.
        let stored = try checked(["bench", "review", "--gt", gt, "--results", results, "--variants", "3", "--rounds", "2",
                                  "--lookups", "10", "--store", folder.file("store"), "--json"]) as? [String: Any] ?? [:]
        #expect(stored["store_read_ms"] is Double)
        #expect(stored["ap"] as? [Double] == value["ap"] as? [Double])
        #expect(value["variants"] as? [String] == ["fc", "conv", "dh"])
        #expect(Set(((value["parts_ms"] as? [String: Any]) ?? [:]).keys) == ["coco_eval", "image_ap", "tide", "class_tide", "confusion"])
        #expect((value["lookups_found"] as? Int ?? 0) > 0)
        let twice = try CLIRunner.run(["bench", "review", "--gt", gt, "--results", results, "--results", results, "--variants", "2"])
        #expect(twice.status != 0 && twice.stderr.contains("--variants derives variants from one --results file"), "\(twice.stderr)")
    }

    @Test func detectBenchAndWeightsFollowTheSameRules() throws {
        _ = try checked(["detect", Self.image, "--model", Self.model, "--json"])
        let bench = try checked(["bench", "detect", "--model", Self.model, "--iterations", "1", "--json"]) as? [String: Any] ?? [:]
        #expect(bench["sgemm_peak_gflops"] is NSNull, "\(bench.keys.sorted())")
        #expect((bench["peak_rss_mb"] as? Double ?? 0) > 0, "\(bench.keys.sorted())")
        _ = try checked(["bench", "render", Self.image, "--size", "20x10", "--iterations", "1", "--json"])
        let tui = try checked(["bench", "tui", Self.image, "--model", Self.model, "--size", "80x24", "--iterations", "1", "--json"])
            as? [String: Any] ?? [:]
        #expect(tui["stored_image_ms"] is NSNull)
        let folder = try TemporaryFolder()
        let stored = try checked(["bench", "tui", Self.image, "--model", Self.model, "--size", "80x24", "--iterations", "2",
                                  "--store", folder.file("store"), "--also", RepositoryFiles.path("Samples/images/shapes_s3_00001.png"),
                                  "--json"]) as? [String: Any] ?? [:]
        #expect(stored["stored_image_ms"] is Double)
        _ = try checked(["weights", Self.model, "--json"])
    }
}
