import Detector
import Evaluation
import Foundation

/// What ``DetectorBenchmark`` measured. Encodes as `bench detect --json` documents it:
/// {model, input, rois, threads, wall_ms, stages_ms: {stage: ms}, conv_head_gflop,
/// conv_head_gflops, postprocess_ms: {variant: ms}, sgemm_peak_gflops (null when not measured)},
/// times rounded to microseconds.
public struct DetectorBenchmarkReport: Sendable, Encodable {
    public var model: String
    /// Width and height of the image in pixels.
    public var input: [Int]
    public var rois: Int
    public var threads: Int
    /// Timed analyses the medians are taken over.
    public var runs: Int
    /// Median wall time of one analysis.
    public var wallMilliseconds: Double
    /// Median time of each stage, in pipeline order.
    public var stages: [StageTiming]
    public var convHeadGFLOP: Double
    public var convHeadGFLOPS: Double
    /// Median post-processing time by variant name.
    public var postprocessMilliseconds: [String: Double]
    public var gemmPeakGFLOPS: Double?

    enum CodingKeys: String, CodingKey {
        case model, input, rois, threads, wallMilliseconds = "wall_ms", stages = "stages_ms"
        case convHeadGFLOP = "conv_head_gflop", convHeadGFLOPS = "conv_head_gflops"
        case postprocessMilliseconds = "postprocess_ms", gemmPeakGFLOPS = "sgemm_peak_gflops"
    }

    public func encode(to encoder: any Encoder) throws {
        func rounded(_ value: Double, _ places: Double) -> Double { (value * places).rounded() / places }
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(model, forKey: .model)
        try c.encode(input, forKey: .input)
        try c.encode(rois, forKey: .rois)
        try c.encode(threads, forKey: .threads)
        try c.encodeNumber(rounded(wallMilliseconds, 1000), forKey: .wallMilliseconds)
        try c.encode(Dictionary(stages.map { ($0.stage, rounded($0.milliseconds, 1000)) }, uniquingKeysWith: { first, _ in first }),
                     forKey: .stages)
        try c.encodeNumber(rounded(convHeadGFLOP, 100), forKey: .convHeadGFLOP)
        try c.encodeNumber(rounded(convHeadGFLOPS, 100), forKey: .convHeadGFLOPS)
        try c.encode(postprocessMilliseconds.mapValues { rounded($0, 1000) }, forKey: .postprocessMilliseconds)
        try c.encodeNumber(gemmPeakGFLOPS.map { rounded($0, 10) }, forKey: .gemmPeakGFLOPS)
    }

    /// The report as `bench detect` prints it.
    public var text: String {
        func row(_ name: String, _ milliseconds: Double) -> String {
            "  " + name.padding(toLength: 11, withPad: " ", startingAt: 0) + String(format: "%9.1f ms", milliseconds)
        }
        var lines = ["\(model): \(input.map(String.init).joined(separator: "x")) image, \(rois) RoIs, median of \(runs) runs"]
        lines += stages.map { row($0.stage, $0.milliseconds) }
        lines.append(row("total", wallMilliseconds))
        lines.append(String(format: "  conv head: %.1f GFLOP at %.1f GFLOP/s", convHeadGFLOP, convHeadGFLOPS))
        if let peak = gemmPeakGFLOPS {
            lines.append(String(format: "  OpenBLAS sgemm peak (2048^3): %.1f GFLOP/s; the conv head reaches %.0f%% of it",
                                peak, convHeadGFLOPS / peak * 100))
        }
        let variants = HeadVariant.allCases.compactMap { variant in
            postprocessMilliseconds[variant.rawValue].map { (key: variant.rawValue, value: $0) }
        }
        lines.append("  post-processing per variant (a variant switch): "
                     + variants.map { "\($0.key) " + String(format: "%.2f ms", $0.value) }.joined(separator: ", "))
        return lines.joined(separator: "\n")
    }
}
