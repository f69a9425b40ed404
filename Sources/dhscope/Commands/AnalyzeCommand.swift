import ArgumentParser
import Foundation
import Imaging
import Evaluation
import Inspection

/// `dhscope analyze`: the paper's head analysis on proposals sampled around ground truth.
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Compare the heads: score-IoU correlation and regression quality by IoU bin.",
        discussion: """
            For every ground-truth box, proposals are sampled around it so that each IoU bin \
            (0.5-0.6 ... 0.9-1.0) is filled, and both heads run on them. Reported per head: \
            the Pearson correlation between the class score of the ground truth's class and the \
            proposal's IoU, and the mean IoU of the box each head regresses, per bin. \
            With --proposals rpn the RPN's own proposals are used instead, each matched to the \
            ground-truth box it overlaps most (IoU of at least the lowest bin edge).

            Images in the folder that the ground truth does not list are skipped with a \
            warning each. Finding nothing to analyse is an error. --json writes \
            {samples, pearson_fc, pearson_conv, bins: [{low, high, count, mean_proposal_iou, \
            mean_fc_box_iou, mean_conv_box_iou, mean_fc_score, mean_conv_score}]}, with null \
            for a number that is undefined (an empty bin, a head the model lacks).

            Examples:
              dhscope analyze --gt Samples/annotations/shapes-val.json \\
                  --images Samples/images
              dhscope analyze --gt Samples/annotations/shapes-val.json \\
                  --images Samples/images --proposals rpn --png analysis.png
            """)

    @Option(help: ArgumentHelp("Ground truth: COCO JSON, a VOC XML file or folder.", valueName: "ann"))
    var gt: String

    @Option(help: ArgumentHelp("The images the ground truth describes.", valueName: "dir"))
    var images: String

    @OptionGroup var modelOptions: ModelOptions

    @Option(parsing: .unconditional, help: "Proposals per IoU bin per ground-truth box (1 to 100).")
    var perBin = 4

    @Option(help: ArgumentHelp("sampled (around ground truth, the paper's protocol) or rpn (the RPN's own proposals).", valueName: "source"))
    var proposals: HeadAnalysisRun.ProposalSource = .sampled

    @Option(help: ArgumentHelp("Also draw the analysis as a PNG chart here.", valueName: "out.png"))
    var png: String?

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
        do {
            _ = try HeadAnalysisRun(source: proposals, perBin: perBin)
        } catch {
            throw ValidationError(error.description)
        }
    }

    func run() throws {
        let modelPath = try modelOptions.resolvedPath()
        let files = try ImageArguments.expand([images])
        if let png {
            try OutputPath.check(png, option: "--png", inputs: [gt, modelPath] + OutputPath.files(in: gt) + files)
        }
        let truth: GroundTruth
        do {
            truth = try GroundTruth.load(contentsOf: gt)
        } catch {
            throw CLIError(error.description)
        }
        for warning in truth.warnings { warn(warning) }
        for warning in truth.select(files).warnings(source: gt) { warn(warning) }
        let detector = try modelOptions.load()
        let run = try HeadAnalysisRun(source: proposals, perBin: perBin)
        let progress = ProgressLine(label: "analyze", total: truth.images.count)
        let outcome = try run.run(detector: detector, groundTruth: truth, groundTruthPath: gt, imageFiles: files,
                                  progress: { progress.update(done: $0.imagesDone, detail: "images, \($0.samples) proposals") },
                                  warn: { progress.finish(); warn($0) })
        progress.finish()
        if !outcome.imagesNotFound.isEmpty {
            warn("\(outcome.imagesNotFound.count) images of \(gt) were not found in \(images)")
        }
        let report = outcome.report
        if let png {
            let title = "\(((detector.source as NSString).lastPathComponent as NSString).deletingPathExtension): "
                + "\(outcome.samples.count) \(proposals == .rpn ? "RPN proposals" : "proposals sampled around GT")"
            let chart = HeadAnalysisChart.draw(report: report, samples: outcome.samples, title: title)
            try PNGEncoder.write(chart, to: png)
            warn("wrote \(png)")
        }
        if json {
            print(try JSONOutput.encode(report))
        } else {
            print(report.text(source: proposals))
        }
    }
}

extension HeadAnalysisRun.ProposalSource: ExpressibleByArgument {}
