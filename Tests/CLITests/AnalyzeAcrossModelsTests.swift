import Foundation
import Imaging
import TestSupport
import Testing

/// `analyze --model A --model B`: every head of every model on the same proposals, on the
/// shipped demo (Double-Head-Ext) and the shipped baseline (a Shared2FC head on the demo's
/// backbone, FPN and RPN).
@Suite(.serialized)
struct AnalyzeAcrossModelsTests {
    static let demo = "Samples/models/shapes-dh-ext.safetensors"
    static let baseline = "Samples/models/shapes-2fc.safetensors"
    static let common = ["analyze", "--gt", "Samples/annotations/shapes-val.json", "--images", "Samples/images",
                         "--per-bin", "2", "--json"]

    /// One head's numbers: Pearson r, then per bin the mean regressed IoU and the mean score.
    struct Row: CustomStringConvertible {
        var pearson: Double?
        var boxIoUs: [Double?]
        var scores: [Double?]

        var description: String { "r \(pearson.map { "\($0)" } ?? "-") IoU \(boxIoUs) scores \(scores)" }

        /// Whether every number is within `tolerance` of `other`'s (undefined on both sides).
        func matches(_ other: Row, within tolerance: Double) -> Bool {
            func close(_ a: Double?, _ b: Double?) -> Bool {
                switch (a, b) {
                case (nil, nil): return true
                case let (a?, b?): return abs(a - b) <= tolerance
                default: return false
                }
            }
            return close(pearson, other.pearson) && boxIoUs.count == other.boxIoUs.count && scores.count == other.scores.count
                && zip(boxIoUs, other.boxIoUs).allSatisfy(close) && zip(scores, other.scores).allSatisfy(close)
        }
    }

    /// The report of `analyze` on the demo's images with `models`, its heads by "model head".
    static func rows(_ models: [String], _ extra: [String] = []) throws -> (samples: Int, heads: [String], rows: [String: Row]) {
        let run = try CLIRunner.run(common + models.flatMap { ["--model", $0] } + extra)
        #expect(run.status == 0, "\(run.stderr)")
        let object = try JSON.object(run.stdout)
        let heads = object["heads"] as? [[String: Any]] ?? []
        var rows: [String: Row] = [:]
        var names: [String] = []
        for head in heads {
            let name = "\(head["model"] as? String ?? "?") \(head["head"] as? String ?? "?")"
            let bins = head["bins"] as? [[String: Any]] ?? []
            names.append(name)
            rows[name] = Row(pearson: head["pearson"] as? Double, boxIoUs: bins.map { $0["mean_box_iou"] as? Double },
                             scores: bins.map { $0["mean_score"] as? Double })
        }
        return (object["samples"] as? Int ?? -1, names, rows)
    }

    /// Sampled proposals depend on the ground truth only, so each model's heads in the joint
    /// run give exactly what the model gives alone.
    @Test func eachModelsHeadsAreWhatTheModelGivesAlone() throws {
        let both = try Self.rows([Self.demo, Self.baseline])
        #expect(both.heads == ["shapes-dh-ext fc", "shapes-dh-ext conv", "shapes-2fc 2fc"])
        let demo = try Self.rows([Self.demo])
        let baseline = try Self.rows([Self.baseline])
        #expect(demo.samples == both.samples && baseline.samples == both.samples && both.samples > 100)
        for (name, row) in demo.rows.merging(baseline.rows, uniquingKeysWith: { a, _ in a }) {
            let joint = try #require(both.rows[name], "\(name)")
            #expect(joint.matches(row, within: 0), "\(name): \(joint) alone \(row)")
        }
        // Every head of these models classifies and regresses: no number is undefined where
        // the bin has samples.
        #expect(both.rows.values.allSatisfy { $0.pearson != nil && $0.boxIoUs.allSatisfy { $0 != nil } })
    }

    /// With the RPN's proposals, the second model's heads run on the first model's proposals.
    /// The baseline shares the demo's RPN, so on the demo's proposals it must give what it
    /// gives on its own (up to the round trip of the boxes through original pixels).
    @Test func theBaselinesHeadsOnTheDemosProposalsAreItsOwn() throws {
        let joint = try Self.rows([Self.demo, Self.baseline], ["--proposals", "rpn"])
        let alone = try Self.rows([Self.baseline], ["--proposals", "rpn"])
        #expect(joint.samples == alone.samples && joint.samples > 0)
        let row = try #require(joint.rows["shapes-2fc 2fc"])
        let own = try #require(alone.rows["shapes-2fc 2fc"])
        #expect(row.matches(own, within: 1e-4), "on the demo's proposals \(row), on its own \(own)")
    }

    /// The chart draws every head in its own colour: the demo's fc (Okabe-Ito blue), conv
    /// (vermillion) and the baseline (bluish green), on both halves.
    @Test func theChartShowsEveryHead() throws {
        let folder = try TemporaryFolder("dhscope-analyze-models")
        let png = folder.file("heads.png")
        let run = try CLIRunner.run(Self.common + ["--model", Self.demo, "--model", Self.baseline, "--png", png])
        #expect(run.status == 0, "\(run.stderr)")
        let image = try ImageDecoder().decodeRGB(contentsOf: png)
        for color in [RGBColor.okabeBlue, .okabeVermillion, .okabeBluishGreen] {
            var halves = [0, 0]
            for y in 0..<image.height {
                for x in 0..<image.width where image[x, y] == color { halves[x < image.width / 2 ? 0 : 1] += 1 }
            }
            #expect(halves.allSatisfy { $0 > 50 }, "\(color): \(halves) pixels on the left and right halves")
        }
    }

    /// Models with no class in common (the demo's shapes, torchvision's COCO labels) have
    /// nothing to analyse together: an error that says so.
    @Test func modelsWithoutACommonClassAreRefused() throws {
        let run = try CLIRunner.run(Self.common + ["--model", Self.demo, "--model", "Tests/Fixtures/torchvision/v1.pth"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("nothing to analyse") && run.stderr.contains("every model"), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
    }
}
