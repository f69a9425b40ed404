import Compute
import Detector
import Dispatch
import Evaluation
import Foundation
import Imaging

/// Per-stage timings of a detector on one image, as `dhscope bench` reports them: the
/// median of `iterations` analyses after one untimed warm-up, the conv head's arithmetic
/// rate, and the post-processing of every variant (what a variant switch in the browser costs).
public struct DetectorBenchmark: Sendable {
    public var detector: DoubleHeadDetector
    public var image: RGBImage
    /// Boxes to run the heads on instead of the RPN's proposals.
    public var givenProposals: [Box]?
    /// Timed analyses, 1 or more (fewer count as 1).
    public var iterations: Int
    /// Post-processing runs per variant whose median is reported.
    public var postprocessRuns = 9

    public init(detector: DoubleHeadDetector, image: RGBImage, givenProposals: [Box]? = nil, iterations: Int) {
        self.detector = detector
        self.image = image
        self.givenProposals = givenProposals
        self.iterations = iterations
    }

    /// Runs the benchmark. With `measuringGemmPeak`, OpenBLAS sgemm's peak (``GemmPeak``) is
    /// measured after the timed runs, so its threads and matrices touch neither their times
    /// nor the peak memory reported, and is reported beside the conv head's rate.
    public func run(measuringGemmPeak: Bool = false) throws -> DetectorBenchmarkReport {
        var analyses: [RawAnalysis] = []
        var walls: [Double] = []
        for run in 0...max(1, iterations) {
            let start = DispatchTime.now().uptimeNanoseconds
            let analysis = try detector.analyze(image, givenProposals: givenProposals)
            if run > 0 {
                walls.append(Self.milliseconds(since: start))
                analyses.append(analysis)
            }
        }
        let stages = (analyses.first?.timings ?? []).map(\.stage).map { stage in
            StageTiming(stage: stage, milliseconds: analyses.map { analysis in
                analysis.timings.first { $0.stage == stage }?.milliseconds ?? 0
            }.median ?? 0)
        }
        let rois = analyses.first?.roiCount ?? 0
        let convHeadGFLOP = 2 * detector.config.convHeadMACsPerRoI * Double(rois) / 1e9
        let convHeadMilliseconds = stages.first { $0.stage == DetectorStage.convHead.rawValue }?.milliseconds ?? 0
        let postprocess = try analyses.first.map(postprocessTimes) ?? [:]
        let peakMemory = PeakMemory.residentMegabytes()
        return DetectorBenchmarkReport(
            model: detector.source, input: [image.width, image.height], rois: rois,
            threads: ProcessInfo.processInfo.activeProcessorCount, runs: walls.count,
            wallMilliseconds: walls.median ?? 0, stages: stages, convHeadGFLOP: convHeadGFLOP,
            convHeadGFLOPS: convHeadMilliseconds > 0 ? convHeadGFLOP / (convHeadMilliseconds / 1000) : 0,
            postprocessMilliseconds: postprocess, gemmPeakGFLOPS: measuringGemmPeak ? GemmPeak.measure().gflops : nil,
            peakResidentMegabytes: peakMemory)
    }

    /// Median time of each available variant's post-processing with every RoI's fate.
    private func postprocessTimes(_ analysis: RawAnalysis) throws -> [String: Double] {
        let settings = PostProcessSettings(config: detector.config)
        var times: [String: Double] = [:]
        for variant in analysis.availableVariants {
            times[variant.rawValue] = try (0..<max(1, postprocessRuns)).map { _ in
                let start = DispatchTime.now().uptimeNanoseconds
                _ = try VariantOutcome(analysis: analysis, variant: variant, settings: settings)
                return Self.milliseconds(since: start)
            }.median
        }
        return times
    }

    private static func milliseconds(since start: UInt64) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
    }
}
