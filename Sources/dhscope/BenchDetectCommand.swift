import ArgumentParser
import Compute
import Detector
import Dispatch
import Foundation
import Inspection
import Imaging

/// `dhscope bench` (detect): per-stage timings of the detector on one image.
struct BenchDetectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Time the detector stage by stage.",
        discussion: """
            The image is a deterministic pattern of the given size (the same formula as
            Tools/bench/detector_bench.py, so PyTorch can be timed on identical input), or --image.
            Examples:
              dhscope bench                                   # the demo model on a 256x256 pattern
              dhscope bench --arch r50-fpn --size 1216x800 --proposals 1000
            """)

    @OptionGroup var modelOptions: ModelOptions

    @Option(help: "Instead of a checkpoint, the full-size architecture with formula weights: r50-fpn or r101-fpn.")
    var arch: String?

    @Option(help: ArgumentHelp("Pattern image size.", valueName: "WxH"))
    var size = "256x256"

    @Option(help: "Time this image instead of a pattern.")
    var image: String?

    @Option(help: "Run the heads on this many fixed boxes instead of the RPN's proposals.")
    var proposals: Int?

    @Option(help: "Timed runs (the median is reported), after one warm-up run.")
    var iterations = 3

    @Flag(help: "Also measure OpenBLAS sgemm's peak (2048^3) to compare the conv head's GFLOP/s with.")
    var sgemmPeak = false

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let detector: DoubleHeadDetector
        if let arch {
            var config = ModelConfig()
            switch arch {
            case "r50-fpn": config.depth = 50
            case "r101-fpn": config.depth = 101
            default: throw ValidationError("--arch must be r50-fpn or r101-fpn")
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
            let parts = size.lowercased().split(separator: "x").compactMap { Int($0) }
            guard parts.count == 2, parts[0] > 0, parts[1] > 0, parts[0] * parts[1] <= 50_000_000 else {
                throw ValidationError("--size must look like 1216x800")
            }
            picture = Self.pattern(width: parts[0], height: parts[1])
        }
        let boxes = proposals.map { Self.fixedBoxes(count: $0, width: picture.width, height: picture.height) }
        var runs: [RawAnalysis] = []
        var walls: [Double] = []
        for i in 0...max(1, iterations) {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let analysis = try detector.analyze(picture, givenProposals: boxes)
            let wall = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
            if i > 0 { runs.append(analysis); walls.append(wall) }
        }
        func median(_ v: [Double]) -> Double { v.sorted()[v.count / 2] }
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
            let stageJSON = perStage.map { "\"\($0.0)\": \(String(format: "%.3f", $0.1))" }.joined(separator: ", ")
            print("{\"model\": \(jsonString(detector.source)), \"input\": [\(picture.width), \(picture.height)], \"rois\": \(rois), \"threads\": \(ProcessInfo.processInfo.activeProcessorCount), \"wall_ms\": \(String(format: "%.3f", wall)), \"stages_ms\": {\(stageJSON)}, \"conv_head_gflop\": \(String(format: "%.2f", 2 * macsPerRoI * Double(rois) / 1e9)), \"conv_head_gflops\": \(String(format: "%.2f", gflops)), \"postprocess_ms\": {\(switchMs.map { "\"\($0.0)\": \(String(format: "%.3f", $0.1))" }.joined(separator: ", "))}\(peak.map { ", \"sgemm_peak_gflops\": " + String(format: "%.1f", $0) } ?? "")}")
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
