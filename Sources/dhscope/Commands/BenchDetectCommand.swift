import ArgumentParser
import Compute
import Detector
import Foundation
import Inspection
import Imaging

/// `dhscope bench` (detect): per-stage timings of the detector on one image.
struct BenchDetectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Time the detector stage by stage.",
        discussion: """
            The image is a deterministic pattern of the given size (the same formula as \
            Tools/bench/detector_bench.py, so PyTorch can be timed on identical input), or --image.

            --json writes {model, input, rois, threads, wall_ms, stages_ms: {stage: ms}, \
            conv_head_gflop, conv_head_gflops, postprocess_ms: {variant: ms}, \
            sgemm_peak_gflops (null without --sgemm-peak), peak_rss_mb, blas_core}.

            Examples:
              dhscope bench
              dhscope bench --image Samples/images/shapes_s3_00000.png --json
              dhscope bench --arch r50-fpn --size 1216x800 --proposals 1000
            """)

    @OptionGroup var modelOptions: ModelOptions

    @Option(help: "Instead of a checkpoint, the full-size architecture with formula weights: r50-fpn or r101-fpn.")
    var arch: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Pattern image size in pixels (at most 50 million pixels).", valueName: "WxH"),
            transform: GridSize.parse)
    var size = GridSize(width: 256, height: 256)

    @Option(help: "Time this image instead of a pattern.")
    var image: String?

    @Option(parsing: .unconditional, help: "Run the heads on this many fixed boxes (1 to 100000) instead of the RPN's proposals.")
    var proposals: Int?

    @Option(parsing: .unconditional, help: "Timed runs (the median is reported), after one warm-up run; 1 or more.")
    var iterations = 3

    @Flag(help: "Also measure OpenBLAS sgemm's peak (2048^3, the better of dhscope's blocks and OpenBLAS's own threads), after the runs, to compare the conv head's GFLOP/s with.")
    var sgemmPeak = false

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
        guard size.width * size.height <= 50_000_000 else {
            throw ValidationError("--size \(size) is out of range: at most 50 million pixels")
        }
        try NumberCheck.check(iterations, "--iterations", atLeast: 1)
        if let proposals { try NumberCheck.check(proposals, "--proposals", within: 1...100_000) }
        if let arch, ModelConfig.fullSize(named: arch) == nil {
            throw ValidationError("--arch \(arch) is not known: give \(ModelConfig.fullSizeArchitectures.joined(separator: " or "))")
        }
    }

    func run() throws {
        let detector: DoubleHeadDetector
        if let arch, let config = ModelConfig.fullSize(named: arch) {
            detector = try DoubleHeadDetector(config: config, weights: FormulaWeights(config: config))
        } else {
            detector = try modelOptions.load()
        }
        let picture = try image.map { try ImageDecoder().decodeRGB(contentsOf: $0) }
            ?? BenchmarkInput.pattern(width: size.width, height: size.height)
        let boxes = proposals.map { BenchmarkInput.spreadBoxes(count: $0, width: picture.width, height: picture.height) }
        let report = try DetectorBenchmark(detector: detector, image: picture, givenProposals: boxes, iterations: iterations)
            .run(measuringGemmPeak: sgemmPeak)
        print(json ? try JSONOutput.encode(report) : report.text)
    }
}
