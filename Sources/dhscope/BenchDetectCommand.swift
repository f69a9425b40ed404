import ArgumentParser
import Compute
import Detector
import Dispatch
import Foundation
import Evaluation
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
            sgemm_peak_gflops (null without --sgemm-peak)}.

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

    @Flag(help: "Also measure OpenBLAS sgemm's peak (2048^3) to compare the conv head's GFLOP/s with.")
    var sgemmPeak = false

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
        guard size.width * size.height <= 50_000_000 else {
            throw ValidationError("--size \(size) is out of range: at most 50 million pixels")
        }
        try NumberCheck.check(iterations, "--iterations", atLeast: 1)
        if let proposals { try NumberCheck.check(proposals, "--proposals", within: 1...100_000) }
        if let arch, !["r50-fpn", "r101-fpn"].contains(arch) {
            throw ValidationError("--arch \(arch) is not known: give r50-fpn or r101-fpn")
        }
    }

    func run() throws {
        let detector: DoubleHeadDetector
        if let arch {
            var config = ModelConfig()
            switch arch {
            case "r50-fpn": config.depth = 50
            case "r101-fpn": config.depth = 101
            default: throw CLIError("--arch \(arch) is not known: give r50-fpn or r101-fpn")
            }
            config.withConvCls = true
            config.withFcReg = true
            config.classNames = cocoClassNames
            detector = try DoubleHeadDetector(config: config, weights: FormulaWeights(config: config))
        } else {
            detector = try modelOptions.load()
        }
        let picture: RGBImage
        if let image {
            picture = try ImageDecoder().decodeRGB(contentsOf: image)
        } else {
            picture = Self.pattern(width: size.width, height: size.height)
        }
        let boxes = proposals.map { Self.fixedBoxes(count: $0, width: picture.width, height: picture.height) }
        var runs: [RawAnalysis] = []
        var walls: [Double] = []
        for i in 0...iterations {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let analysis = try detector.analyze(picture, givenProposals: boxes)
            let wall = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
            if i > 0 { runs.append(analysis); walls.append(wall) }
        }
        func median(_ v: [Double]) -> Double { v.median ?? 0 }
        let stages = runs.first?.timings.map(\.stage) ?? []
        let perStage = stages.map { stage in
            (stage, median(runs.map { $0.timings.first { $0.stage == stage }?.milliseconds ?? 0 }))
        }
        let rois = runs.first?.roiCount ?? 0
        let c = detector.config
        let f = Double(c.fpnChannels), co = Double(c.convOutChannels), cells = Double(c.roiSize * c.roiSize)
        let macsPerRoI = cells * (f * f * 9 + 2 * f * co + Double(c.numConvs) * (co * co / 4 * 2 + co * co / 16 * 9))
        let convMs = perStage.first { $0.0 == "conv-head" }?.1 ?? 0
        let gflops = convMs > 0 ? 2 * macsPerRoI * Double(rois) / (convMs / 1000) / 1e9 : 0
        let wall = median(walls)
        let peak = sgemmPeak ? ComputeBenchmark.sgemmPeak().gflops : nil
        // Post-processing alone, per variant, with every RoI's fate (what the browser
        // recomputes on a variant switch or threshold change).
        var switchMs: [(String, Double)] = []
        if let analysis = runs.first {
            let settings = PostProcessSettings(config: detector.config)
            for v in analysis.availableVariants {
                var times: [Double] = []
                for _ in 0..<9 {
                    let t0 = DispatchTime.now().uptimeNanoseconds
                    _ = try VariantOutcome(analysis: analysis, variant: v, settings: settings)
                    times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
                }
                switchMs.append((v.rawValue, median(times)))
            }
        }
        if json {
            let report = DetectorBenchmarkReport(
                model: detector.source, input: [picture.width, picture.height], rois: rois,
                threads: ProcessInfo.processInfo.activeProcessorCount, wallMilliseconds: wall,
                stageMilliseconds: perStage, convHeadGFLOP: 2 * macsPerRoI * Double(rois) / 1e9, convHeadGFLOPS: gflops,
                postprocessMilliseconds: switchMs, sgemmPeakGFLOPS: peak)
            print(try JSONOutput.encode(report))
        } else {
            print("\(detector.source): \(picture.width)x\(picture.height) image, \(rois) RoIs, median of \(walls.count) runs")
            for (stage, ms) in perStage { print("  " + stage.padding(toLength: 11, withPad: " ", startingAt: 0) + String(format: "%9.1f ms", ms)) }
            print("  " + "total".padding(toLength: 11, withPad: " ", startingAt: 0) + String(format: "%9.1f ms", wall))
            print(String(format: "  conv head: %.1f GFLOP at %.1f GFLOP/s", 2 * macsPerRoI * Double(rois) / 1e9, gflops))
            if let peak { print(String(format: "  OpenBLAS sgemm peak (2048^3): %.1f GFLOP/s; the conv head reaches %.0f%% of it", peak, gflops / peak * 100)) }
            print("  post-processing per variant (a variant switch): " + switchMs.map { "\($0.0) " + String(format: "%.2f ms", $0.1) }.joined(separator: ", "))
        }
    }

    /// A deterministic test pattern (also in Tools/bench/detector_bench.py).
    static func pattern(width: Int, height: Int) -> RGBImage {
        var image = RGBImage(width: width, height: height)
        for y in 0..<height {
            for x in 0..<width {
                for c in 0..<3 {
                    image.pixels[(y * width + x) * 3 + c] = UInt8((x * 7 + y * 13 + c * 50 + (x * y) % 61) % 256)
                }
            }
        }
        return image
    }

    /// `count` boxes spread over the image at several sizes (also in detector_bench.py).
    static func fixedBoxes(count: Int, width: Int, height: Int) -> [Box] {
        (0..<max(0, count)).map { i in
            let w = Float(16 + (i * 37) % max(1, width / 2)), h = Float(16 + (i * 53) % max(1, height / 2))
            let x = Float((i * 97) % max(1, width - Int(w))), y = Float((i * 89) % max(1, height - Int(h)))
            return Box(x1: x, y1: y, x2: x + w, y2: y + h)
        }
    }
}

/// `bench detect --json` output; times in milliseconds rounded to microseconds.
struct DetectorBenchmarkReport: Encodable {
    var model: String
    var input: [Int]
    var rois: Int
    var threads: Int
    var wallMilliseconds: Double
    var stageMilliseconds: [(String, Double)]
    var convHeadGFLOP: Double
    var convHeadGFLOPS: Double
    var postprocessMilliseconds: [(String, Double)]
    /// Nil unless --sgemm-peak.
    var sgemmPeakGFLOPS: Double?

    enum CodingKeys: String, CodingKey {
        case model, input, rois, threads, wallMilliseconds = "wall_ms", stageMilliseconds = "stages_ms"
        case convHeadGFLOP = "conv_head_gflop", convHeadGFLOPS = "conv_head_gflops"
        case postprocessMilliseconds = "postprocess_ms", sgemmPeakGFLOPS = "sgemm_peak_gflops"
    }

    static func rounded(_ value: Double, _ places: Double) -> Double {
        (value * places).rounded() / places
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(model, forKey: .model)
        try c.encode(input, forKey: .input)
        try c.encode(rois, forKey: .rois)
        try c.encode(threads, forKey: .threads)
        try c.encodeNumber(Self.rounded(wallMilliseconds, 1000), forKey: .wallMilliseconds)
        try c.encode(Dictionary(stageMilliseconds.map { ($0.0, Self.rounded($0.1, 1000)) }, uniquingKeysWith: { a, _ in a }),
                     forKey: .stageMilliseconds)
        try c.encodeNumber(Self.rounded(convHeadGFLOP, 100), forKey: .convHeadGFLOP)
        try c.encodeNumber(Self.rounded(convHeadGFLOPS, 100), forKey: .convHeadGFLOPS)
        try c.encode(Dictionary(postprocessMilliseconds.map { ($0.0, Self.rounded($0.1, 1000)) }, uniquingKeysWith: { a, _ in a }),
                     forKey: .postprocessMilliseconds)
        try c.encodeNumber(sgemmPeakGFLOPS.map { Self.rounded($0, 10) }, forKey: .sgemmPeakGFLOPS)
    }
}
