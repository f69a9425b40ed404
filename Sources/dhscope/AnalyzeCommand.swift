import ArgumentParser
import Compute
import Detector
import Foundation
import Imaging
import Inspection

/// `dhscope analyze`: the paper's head analysis on proposals sampled around ground truth.
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Compare the heads: score-IoU correlation and regression quality by IoU bin.",
        discussion: """
            For every ground-truth box, proposals are sampled around it so that each IoU bin
            (0.5-0.6 ... 0.9-1.0) is filled, and both heads run on them. Reported per head:
            the Pearson correlation between the class score of the ground truth's class and the
            proposal's IoU, and the mean IoU of the box each head regresses, per bin.
            With --proposals rpn the RPN's own proposals are used instead, each matched to the
            ground-truth box it overlaps most (IoU of at least the lowest bin edge).
            Examples:
              dhscope analyze --gt Samples/annotations/shapes-val.json --images Samples/images
              dhscope analyze --gt Samples/annotations/shapes-val.json --images Samples/images \\
                  --proposals rpn --png analysis.png
            """)

    /// Where the analysed proposals come from.
    enum ProposalSource: String, ExpressibleByArgument, CaseIterable {
        /// Sampled around each ground-truth box to fill every IoU bin (the paper's protocol).
        case sampled
        /// The RPN's own proposals, matched to ground truth.
        case rpn
    }

    @Option(help: ArgumentHelp("Ground truth: COCO JSON, a VOC XML file or folder.", valueName: "ann"))
    var gt: String

    @Option(help: ArgumentHelp("The images the ground truth describes.", valueName: "dir"))
    var images: String

    @OptionGroup var modelOptions: ModelOptions

    @Option(help: "Proposals per IoU bin per ground-truth box.")
    var perBin = 4

    @Option(help: ArgumentHelp("sampled (around ground truth, the paper's protocol) or rpn (the RPN's own proposals).", valueName: "source"))
    var proposals: ProposalSource = .sampled

    @Option(help: ArgumentHelp("Also draw the analysis as a PNG chart here.", valueName: "out.png"))
    var png: String?

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let detector = try modelOptions.load()
        let truth: GroundTruth
        do {
            truth = try GroundTruth.load(contentsOf: gt)
        } catch {
            throw CLIError("\(error)")
        }
        let mapping = ClassMapping(datasetNames: truth.classNames, modelNames: detector.config.classNames)
        let sampler = ProposalSampler(perBin: max(1, perBin))
        var samples: [HeadAnalysisSample] = []
        var skipped = 0
        for (n, image) in truth.images.enumerated() {
            let path = (images as NSString).appendingPathComponent(image.fileName)
            guard FileManager.default.fileExists(atPath: path) else { skipped += 1; continue }
            let truthBoxes = image.objects.filter { !$0.isCrowd }.compactMap { object in
                mapping.modelIndex(of: object.className).map { (box: object.box, label: $0) }
            }
            guard !truthBoxes.isEmpty else { continue }
            let picture: RGBImage
            do {
                picture = try ImageDecoder().decodeRGB(contentsOf: path)
            } catch {
                FileHandle.standardError.write(Data("\ndhscope: \(error)\n".utf8))
                skipped += 1
                continue
            }
            switch proposals {
            case .sampled:
                var boxes: [Box] = [], targets: [(box: Box, label: Int)] = []
                for (j, t) in truthBoxes.enumerated() {
                    for box in sampler.samples(around: t.box, seed: UInt64(n) << 20 | UInt64(j)) {
                        boxes.append(box)
                        targets.append(t)
                    }
                }
                let analysis = try detector.analyze(picture, givenProposals: boxes)
                samples += HeadAnalysis.samples(analysis, targets: targets)
            case .rpn:
                let analysis = try detector.analyze(picture)
                let matched = HeadAnalysis.matchProposals(analysis, truth: truthBoxes, minimumIoU: sampler.binEdges.first ?? 0.5)
                samples += HeadAnalysis.samples(analysis, matched: matched)
            }
            FileHandle.standardError.write(Data("\r\u{1B}[Kanalyze: \(n + 1)/\(truth.images.count) images, \(samples.count) proposals".utf8))
        }
        FileHandle.standardError.write(Data("\n".utf8))
        if skipped > 0 { FileHandle.standardError.write(Data("dhscope: \(skipped) images of \(gt) were not found in \(images)\n".utf8)) }
        let report = HeadAnalysisReport(samples: samples, edges: sampler.binEdges)
        if let png {
            let title = "\(((detector.source as NSString).lastPathComponent as NSString).deletingPathExtension): "
                + "\(samples.count) \(proposals == .rpn ? "RPN proposals" : "proposals sampled around GT")"
            let chart = HeadAnalysisChart.draw(report: report, samples: samples, title: title)
            do {
                try PNGEncoder.write(chart, to: png)
            } catch {
                throw CLIError("\(error)")
            }
            FileHandle.standardError.write(Data("dhscope: wrote \(png)\n".utf8))
        }
        if json {
            print(try JSONOutput.encode(report))
            return
        }
        let what = proposals == .rpn ? "RPN proposals matched to ground truth" : "proposals around ground truth"
        print(String(format: "%d %@. Pearson r(score, IoU): fc %.3f", report.samples, what as NSString, report.pearsonFc)
              + (report.pearsonConv.map { String(format: ", conv %.3f", $0) } ?? ""))
        print("proposal IoU   n     mean IoU after regression          mean score")
        print("                     fc head        conv head           fc     conv")
        for bin in report.bins {
            func bar(_ v: Double?) -> String {
                guard let v, v.isFinite else { return "-".padding(toLength: 14, withPad: " ", startingAt: 0) }
                // Ten blocks span IoU 0.5 to 1.0.
                let filled = max(0, min(10, Int(((v - 0.5) * 20).rounded())))
                return String(format: "%.3f ", v) + String(repeating: "\u{2588}", count: filled)
                    .padding(toLength: 10, withPad: " ", startingAt: 0)
            }
            let line = String(format: "%.1f-%.1f  %5d    ", bin.low, bin.high, bin.count) + bar(bin.meanFcBoxIoU) + " "
                + bar(bin.meanConvBoxIoU) + "   " + String(format: "%.3f", bin.meanFcScore)
                + (bin.meanConvScore.map { String(format: "  %.3f", $0) } ?? "")
            print(line)
        }
    }
}
