import ArgumentParser
import Foundation
import Imaging
import Evaluation
import Inspection

/// `dhscope analyze`: the paper's head analysis on proposals sampled around ground truth.
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Compare the heads, of one model or several: score-IoU correlation and regression by IoU bin.",
        discussion: """
            For every ground-truth box, proposals are sampled around it so that each IoU bin \
            (0.5-0.6 ... 0.9-1.0) is filled, and the heads run on them. Reported per head: \
            the Pearson correlation between the class score of the ground truth's class and the \
            proposal's IoU, and the mean IoU of the box the head regresses, per bin. \
            With --proposals rpn the RPN's own proposals are used instead, each matched to the \
            ground-truth box it overlaps most (IoU of at least the lowest bin edge).

            With several --model, every model's heads run on the same proposals (with \
            --proposals rpn, the first model's): a Double-Head model's fc and conv heads, a \
            Faster R-CNN's single head (2fc, or 4conv1fc for torchvision v2), one table and \
            one chart. Only ground-truth classes every model knows (by name) are used.

            Images in the folder that the ground truth does not list are skipped with a \
            warning each. Finding nothing to analyse is an error. --json writes \
            {samples, pearson_fc, pearson_conv, bins: [{low, high, count, mean_proposal_iou, \
            mean_fc_box_iou, mean_conv_box_iou, mean_fc_score, mean_conv_score}], heads: \
            [{model, head, pearson, bins: [{mean_box_iou, mean_score}]}]}; the fc and conv \
            fields are the first model's when it is a Double-Head model. A number that is \
            undefined (an empty bin, a head without scores or boxes) is null.

            Examples:
              dhscope analyze --gt Samples/annotations/shapes-val.json \\
                  --images Samples/images
              dhscope analyze --gt Samples/annotations/shapes-val.json \\
                  --images Samples/images --proposals rpn --png analysis.png
              dhscope analyze --gt Samples/annotations/shapes-val.json \\
                  --images Samples/images \\
                  --model Samples/models/shapes-dh-ext.safetensors \\
                  --model Samples/models/shapes-2fc.safetensors
            """)

    @Option(help: ArgumentHelp("Ground truth: COCO JSON, a VOC XML file or folder.", valueName: "ann"))
    var gt: String

    @Option(help: ArgumentHelp("The images the ground truth describes.", valueName: "dir"))
    var images: String

    @OptionGroup var modelListOptions: ModelListOptions

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
        let each = modelListOptions.each
        let paths = try each.map { try $0.resolvedPath() }
        let names = ModelListOptions.names(paths)
        let files = try ImageArguments.expand([images])
        if let png {
            try OutputPath.check(png, option: "--png", inputs: [gt] + paths + OutputPath.files(in: gt) + files)
        }
        let truth: GroundTruth
        do {
            truth = try GroundTruth.load(contentsOf: gt)
        } catch {
            throw CLIError(error.description)
        }
        for warning in truth.warnings { warn(warning) }
        for warning in truth.select(files).warnings(source: gt) { warn(warning) }
        let models = try zip(each, names).map { options, name in HeadAnalysisRun.Model(name: name, detector: try options.load()) }
        let run = try HeadAnalysisRun(source: proposals, perBin: perBin)
        let progress = ProgressLine(label: "analyze", total: truth.images.count)
        let outcome = try run.run(models: models, groundTruth: truth, groundTruthPath: gt, imageFiles: files,
                                  progress: { progress.update(done: $0.imagesDone, detail: "images, \($0.samples) proposals") },
                                  warn: { progress.finish(); warn($0) })
        progress.finish()
        if !outcome.imagesNotFound.isEmpty {
            warn("\(outcome.imagesNotFound.count) images of \(gt) were not found in \(images)")
        }
        if models.count > 1, !outcome.classesLeftOut.isEmpty {
            warn("left out: \(outcome.classesLeftOut.count) classes of \(gt) not every model knows (\(outcome.classesLeftOut.prefix(5).joined(separator: ", "))\(outcome.classesLeftOut.count > 5 ? ", ..." : ""))")
        }
        let report = outcome.report
        if let png {
            let title = "\(names.joined(separator: " vs ")): "
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
