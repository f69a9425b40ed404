import Compute
import Detector
import Foundation
import Reporting

/// What ``DetectorBenchmark`` measured. Encodes as `bench detect --json` documents it:
/// {model, input, rois, threads, wall_ms, stages_ms: {stage: ms}, conv_head_gflop,
/// conv_head_gflops, postprocess_ms: {variant: ms}, sgemm_peak_gflops (null when not measured),
/// peak_rss_mb (the process's, after the runs; null when the system does not say), blas_core
/// (the kernels OpenBLAS runs, e.g. SkylakeX or Haswell)}.
/// Times are kept rounded to microseconds, rates to hundredths.
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
    /// Median time of each stage by name; `stageOrder` gives the pipeline order.
    public var stageMilliseconds: [String: Double]
    public var stageOrder: [String]
    public var convHeadGFLOP: Double
    public var convHeadGFLOPS: Double
    /// Median post-processing time by variant name.
    public var postprocessMilliseconds: [String: Double]
    @OrNull public var gemmPeakGFLOPS: Double?
    /// The process's peak resident set size in MB once the runs are done.
    @OrNull public var peakResidentMegabytes: Double?
    /// The kernels OpenBLAS runs (``Gemm/coreName``); nil when it is not loaded.
    @OrNull public var blasCore: String?

    enum CodingKeys: String, CodingKey {
        case model, input, rois, threads, wallMilliseconds = "wall_ms", stageMilliseconds = "stages_ms"
        case convHeadGFLOP = "conv_head_gflop", convHeadGFLOPS = "conv_head_gflops"
        case postprocessMilliseconds = "postprocess_ms", gemmPeakGFLOPS = "sgemm_peak_gflops"
        case peakResidentMegabytes = "peak_rss_mb", blasCore = "blas_core"
    }

    init(model: String, input: [Int], rois: Int, threads: Int, runs: Int, wallMilliseconds: Double, stages: [StageTiming],
         convHeadGFLOP: Double, convHeadGFLOPS: Double, postprocessMilliseconds: [String: Double], gemmPeakGFLOPS: Double?,
         peakResidentMegabytes: Double?) {
        func rounded(_ value: Double, _ places: Double) -> Double { (value * places).rounded() / places }
        self.model = model
        self.input = input
        self.rois = rois
        self.threads = threads
        self.runs = runs
        self.wallMilliseconds = rounded(wallMilliseconds, 1000)
        stageMilliseconds = Dictionary(stages.map { ($0.stage, rounded($0.milliseconds, 1000)) }, uniquingKeysWith: { first, _ in first })
        stageOrder = stages.map(\.stage)
        self.convHeadGFLOP = rounded(convHeadGFLOP, 100)
        self.convHeadGFLOPS = rounded(convHeadGFLOPS, 100)
        self.postprocessMilliseconds = postprocessMilliseconds.mapValues { rounded($0, 1000) }
        self.gemmPeakGFLOPS = gemmPeakGFLOPS.map { rounded($0, 10) }
        self.peakResidentMegabytes = peakResidentMegabytes.map { rounded($0, 10) }
        blasCore = Gemm.coreName
    }

    /// The report as `bench detect` prints it.
    public var text: String {
        func row(_ name: String, _ milliseconds: Double) -> String {
            "  " + name.padding(toLength: 11, withPad: " ", startingAt: 0) + String(format: "%9.1f ms", milliseconds)
        }
        var lines = ["\(model): \(input.map(String.init).joined(separator: "x")) image, \(rois) RoIs, median of \(runs) runs"]
        lines += stageOrder.map { row($0, stageMilliseconds[$0] ?? 0) }
        lines.append(row("total", wallMilliseconds))
        if convHeadGFLOP > 0 {
            lines.append(String(format: "  conv head: %.1f GFLOP at %.1f GFLOP/s", convHeadGFLOP, convHeadGFLOPS))
        }
        if let peak = gemmPeakGFLOPS, convHeadGFLOP > 0 {
            lines.append(String(format: "  OpenBLAS sgemm peak (2048^3): %.1f GFLOP/s; the conv head reaches %.0f%% of it",
                                peak, convHeadGFLOPS / peak * 100))
        }
        if let core = blasCore {
            lines.append("  OpenBLAS kernels: \(core) (DHSCOPE_OPENBLAS_CORETYPE chooses)")
        }
        let variants = HeadVariant.allCases.compactMap { variant in
            postprocessMilliseconds[variant.rawValue].map { "\(variant.rawValue) " + String(format: "%.2f ms", $0) }
        }
        if let peak = peakResidentMegabytes {
            lines.append(String(format: "  peak RSS: %.0f MB", peak))
        }
        lines.append("  post-processing per variant (a variant switch): " + variants.joined(separator: ", "))
        return lines.joined(separator: "\n")
    }
}
