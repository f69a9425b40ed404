import ArgumentParser
import Compute
import Detector
import Foundation
import Inspection
import Imaging

/// `dhscope inspect`: both heads' raw outputs for every RoI of one image.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show each RoI's proposal and the outputs of both heads.",
        discussion: """
            Examples:
              dhscope inspect Samples/images/shapes_s3_00000.png --roi 0
              dhscope inspect scene.png --json > rois.json
              dhscope inspect scene.png --jsonl | grep '"level":3' 
              dhscope inspect scene.png --proposals boxes.json --json   # heads on your own boxes
            """)

    @Argument(help: "A JPEG or PNG image.")
    var image: String

    @OptionGroup var modelOptions: ModelOptions

    @Option(help: "Only this RoI (0-based index).")
    var roi: Int?

    @Option(help: ArgumentHelp("Run the heads on these boxes instead of the RPN's: a JSON list of [x1, y1, x2, y2] in image pixels.", valueName: "file"))
    var proposals: String?

    @Option(help: ArgumentHelp("The variant whose post-processing each RoI's \"outcome\" (best class, refined box, NMS fate) reports: fc, conv, dh, dh-reverse, dh-ext. Default: dh-ext when the model has it, else dh.", valueName: "variant"))
    var variant: HeadVariant?

    @Flag(help: "Print JSON.")
    var json = false

    @Flag(help: "Print one JSON object per RoI per line (for jq, grep and pandas).")
    var jsonl = false

    func run() throws {
        let detector = try modelOptions.load()
        let given = try proposals.map(Self.loadProposals)
        let picture = try ImageDecoder().decodeRGB(contentsOf: image)
        let analysis = try detector.analyze(picture, givenProposals: given)
        var indices = Array(0..<analysis.roiCount)
        if let roi {
            guard roi >= 0 && roi < analysis.roiCount else {
                throw CLIError("--roi \(roi) is out of range: this image has \(analysis.roiCount) RoIs (0...\(max(0, analysis.roiCount - 1)))")
            }
            indices = [roi]
        }
        let offered = analysis.availableVariants
        let chosen = variant ?? (offered.contains(.dhExt) ? .dhExt : .dh)
        let outcome: VariantOutcome
        do {
            outcome = try VariantOutcome(analysis: analysis, variant: chosen, settings: PostProcessSettings(config: detector.config))
        } catch {
            throw CLIError("--variant \(chosen.rawValue): \(error)")
        }
        let names = (0..<detector.config.numClasses).map { detector.config.className($0) }
        let records = indices.map { i in
            var r = RoIRecordJSON(analysis, index: i, record: RoIRecord(analysis: analysis, outcome: outcome, roi: i, classNames: names,
                                                                        regressionRoIScale: detector.config.regressionRoIScale))
            r.outcome?.variant = chosen.rawValue
            return r
        }
        if jsonl {
            for r in records { print(try JSONOutput.encode(r)) }
        } else if json {
            let report = InspectReport(image: image, width: analysis.imageWidth, height: analysis.imageHeight,
                                       scale: [analysis.scaleX, analysis.scaleY], classes: detector.config.classNames,
                                       variants: analysis.availableVariants.map(\.rawValue),
                                       timings: analysis.timings, rois: records)
            print(try JSONOutput.encode(report))
        } else {
            print("\(image): \(analysis.roiCount) RoIs, variants \(analysis.availableVariants.map(\.rawValue).joined(separator: " "))")
            for r in records { print(r.text(classNames: detector.config.classNames)) }
        }
    }

    static func loadProposals(_ path: String) throws -> [Box] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CLIError("\(path): cannot read the proposals file (\(error.localizedDescription))")
        }
        guard let list = try? JSONDecoder().decode([[Float]].self, from: data) else {
            throw CLIError("\(path): expected a JSON list of boxes [[x1, y1, x2, y2], ...] in image pixels")
        }
        return try list.enumerated().map { i, values in
            guard let box = Box(values), values.allSatisfy(\.isFinite) else {
                throw CLIError("\(path): box \(i) must be four finite numbers")
            }
            return box
        }
    }
}

struct InspectReport: Encodable {
    var image: String
    var width: Int
    var height: Int
    var scale: [Double]
    var classes: [String]
    var variants: [String]
    var timings: [StageTiming]
    var rois: [RoIRecordJSON]
}

/// One RoI as `inspect --json` writes it.
struct RoIRecordJSON: Encodable {
    struct HeadOutputs: Encodable {
        var scores: [Float]?
        var deltas: [Float]?
    }

    var index: Int
    var proposal: [Float]
    var objectness: Float?
    var level: Int?
    var roi_level: Int
    var fc: HeadOutputs
    var conv: HeadOutputs
    var outcome: Outcome?

    /// What the chosen variant's post-processing made of the RoI, for its best class.
    struct Outcome: Encodable {
        var variant: String
        var label: Int
        var `class`: String
        var score: Float
        var regression_roi: [Float]
        var refined_box: [Float]?
        var fate: String
        var fate_summary: String
        var detection: Int?
        var suppressed_by_roi: Int?
        var suppression_iou: Float?
    }

    init(_ a: RawAnalysis, index i: Int, record: RoIRecord? = nil) {
        index = i
        proposal = a.proposals[i].values
        objectness = a.objectness?[i]
        level = a.proposalLevels?[i]
        roi_level = a.roiLevels[i]
        fc = HeadOutputs(scores: Array(a.fcScores(roi: i)), deltas: a.fcDeltas(roi: i).map(Array.init))
        conv = HeadOutputs(scores: a.convScores(roi: i).map(Array.init), deltas: Array(a.convDeltas(roi: i)))
        if let r = record {
            var o = Outcome(variant: "", label: r.label, class: r.className, score: r.score,
                            regression_roi: r.regressionRoI.values, refined_box: r.refined?.values,
                            fate: r.fate.kind, fate_summary: r.fate.summary)
            switch r.fate {
            case .kept(let n): o.detection = n
            case .suppressed(let by, let overlap): o.suppressed_by_roi = by; o.suppression_iou = overlap
            default: break
            }
            outcome = o
        }
    }

    func text(classNames: [String]) -> String {
        func top(_ scores: [Float]?) -> String {
            guard let scores else { return "-" }
            return scores.enumerated().sorted { $0.element > $1.element }.prefix(3).map { i, s in
                let name = i == scores.count - 1 ? "background" : (i < classNames.count ? classNames[i] : "class \(i)")
                return String(format: "%@ %.3f", name as NSString, s)
            }.joined(separator: ", ")
        }
        let box = proposal.map { String(format: "%.1f", $0) }.joined(separator: ", ")
        let obj = objectness.map { String(format: "%.3f", $0) } ?? "-"
        let fate = outcome.map { "\n  \($0.variant) \($0.class): \($0.fate_summary)" } ?? ""
        return "RoI \(index): [\(box)] objectness \(obj) level P\(roi_level + 2)\n  fc:   \(top(fc.scores))\n  conv: \(top(conv.scores))" + fate
    }
}
