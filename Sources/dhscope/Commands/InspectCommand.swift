import ArgumentParser
import Compute
import Detector
import Foundation
import Evaluation
import Inspection
import Imaging

/// `dhscope inspect`: both heads' raw outputs for every RoI of one image.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show each RoI's proposal and the outputs of both heads.",
        discussion: """
            RoIs are numbered from 0 (--roi, index, suppressed_by_roi). Detections are numbered \
            from 1 in descending score order, as detect lists them: an outcome's "detection" \
            and its fate_summary "kept as detection N" give the same N. Every RoI object has \
            the same fields; a value that does not apply is null.

            --proposals boxes partly outside the image are clipped to it, as mmdetection clips \
            the RPN's proposals, with a warning naming each; inverted, empty and entirely \
            off-image boxes are refused.

            Examples:
              dhscope inspect Samples/images/shapes_s3_00000.png --roi 0
              dhscope inspect Samples/images/shapes_s3_00000.png --json > rois.json
              dhscope inspect Samples/images/shapes_s3_00000.png --jsonl | grep kept
              dhscope inspect Samples/images/shapes_s3_00000.png --variant fc --roi 3
            """)

    @Argument(help: "A JPEG or PNG image.")
    var image: String

    @OptionGroup var modelOptions: ModelOptions

    @Option(parsing: .unconditional, help: "Only this RoI (0-based index).")
    var roi: Int?

    @Option(help: ArgumentHelp("Run the heads on these boxes instead of the RPN's: a JSON list of [x1, y1, x2, y2] in image pixels.", valueName: "file"))
    var proposals: String?

    @Option(help: ArgumentHelp("The variant whose post-processing each RoI's \"outcome\" (best class, refined box, NMS fate) reports: fc, conv, dh, dh-reverse, dh-ext (Double-Head models) or fc2 (Faster R-CNN baselines). Default: dh-ext when the model has it, else dh, else fc2.", valueName: "variant"))
    var variant: HeadVariant?

    @Flag(help: "Print JSON.")
    var json = false

    @Flag(help: "Print one JSON object per RoI per line (for jq, grep and pandas).")
    var jsonl = false

    func validate() throws {
        if let roi, roi < 0 {
            throw ValidationError("--roi \(roi) is out of range: RoIs are numbered from 0")
        }
    }

    func run() throws {
        let detector = try modelOptions.load()
        let picture = try ImageDecoder().decodeRGB(contentsOf: image)
        var given: [Box]?
        if let proposals {
            do {
                let checked = try GivenProposals(GivenProposals.load(contentsOf: proposals), imageWidth: picture.width,
                                                 imageHeight: picture.height, path: proposals)
                for warning in checked.warnings { warn(warning) }
                given = checked.boxes
            } catch {
                throw CLIError(error.description)
            }
        }
        let analysis = try detector.analyze(picture, givenProposals: given)
        if let roi, roi >= analysis.roiCount {
            throw CLIError("--roi \(roi) is out of range: this image has \(analysis.roiCount) RoIs (0...\(max(0, analysis.roiCount - 1)))")
        }
        let chosen = variant ?? HeadVariant.preferred(among: analysis.availableVariants)
        let outcome: VariantOutcome
        do {
            outcome = try VariantOutcome(analysis: analysis, variant: chosen, settings: PostProcessSettings(config: detector.config))
        } catch {
            throw CLIError("--variant \(chosen.rawValue): \(error)")
        }
        var report = InspectionReport(image: image, analysis: analysis, outcome: outcome, config: detector.config,
                                      indices: roi.map { [$0] })
        report.model = try modelOptions.resolvedPath()
        if jsonl {
            for record in report.rois { print(try JSONOutput.encode(record)) }
        } else {
            print(json ? try JSONOutput.encode(report) : report.text)
        }
    }
}
