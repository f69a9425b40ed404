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
            Example:
              dhscope analyze --gt Samples/annotations/shapes-val.json --images Samples/images
            """)

    @Option(help: ArgumentHelp("Ground truth: COCO JSON, a VOC XML file or folder.", valueName: "ann"))
    var gt: String

    @Option(help: ArgumentHelp("The images the ground truth describes.", valueName: "dir"))
    var images: String

    @OptionGroup var modelOptions: ModelOptions

    @Option(help: "Proposals per IoU bin per ground-truth box.")
    var perBin = 4

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
            var proposals: [Box] = [], targets: [(box: Box, label: Int)] = []
            for (j, object) in image.objects.enumerated() where !object.isCrowd {
                guard let label = mapping.modelIndex(of: object.className) else { continue }
                for box in sampler.samples(around: object.box, seed: UInt64(n) << 20 | UInt64(j)) {
                    proposals.append(box)
                    targets.append((object.box, label))
                }
            }
            guard !proposals.isEmpty else { continue }
            let picture = try ImageDecoder().decodeRGB(contentsOf: path)
            let analysis = try detector.analyze(picture, givenProposals: proposals)
            samples += HeadAnalysis.samples(analysis, targets: targets)
            FileHandle.standardError.write(Data("\r\u{1B}[Kanalyze: \(n + 1)/\(truth.images.count) images, \(samples.count) proposals".utf8))
        }
        FileHandle.standardError.write(Data("\n".utf8))
        if skipped > 0 { FileHandle.standardError.write(Data("dhscope: \(skipped) images of \(gt) were not found in \(images)\n".utf8)) }
        let report = HeadAnalysisReport(samples: samples, edges: sampler.binEdges)
        if json {
            print(try JSONOutput.encode(report))
            return
        }
        print(String(format: "%d proposals around ground truth. Pearson r(score, IoU): fc %.3f", report.samples, report.pearsonFc)
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
