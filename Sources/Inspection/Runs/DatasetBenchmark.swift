import Compute
import Detector
import Dispatch
import Foundation

/// A folder through ``DetectionRun`` twice per round, each image decoded and prepared in turn
/// (sequential) and the next image prepared while the network runs (pipelined), as
/// `dhscope bench dataset` reports them: images per second of each, their ratio, and whether
/// both gave the same detections. Rounds alternate the two so that other load on the machine
/// falls on both alike.
public struct DatasetBenchmark: Sendable {
    public var detector: DoubleHeadDetector
    public var files: [String]
    /// Rounds timed, 1 or more (fewer count as 1); one untimed warm-up run comes first.
    public var rounds: Int
    /// Files read ahead by the pipelined run.
    public var lookahead = 1

    public init(detector: DoubleHeadDetector, files: [String], rounds: Int) {
        self.detector = detector
        self.files = files
        self.rounds = rounds
    }

    /// Runs the rounds. `modelMilliseconds` (how long loading the model took) is reported beside.
    /// - Throws: ``HeadVariant/resolve(_:for:)``'s error when the model has no variant to run.
    public func run(modelMilliseconds: Double) throws -> DatasetBenchmarkReport {
        let variant = try HeadVariant.resolve(nil, for: detector.config)
        let run = DetectionRun(detector: detector, variant: variant, settings: PostProcessSettings(config: detector.config))
        func timed(lookahead: Int) -> (seconds: Double, detections: [[Detection]], failures: Int) {
            var detections: [[Detection]] = []
            let start = DispatchTime.now().uptimeNanoseconds
            let failures = run.run(files: files, lookahead: lookahead, found: { detections.append($0.detections) }, failed: { _ in })
            return (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, detections, failures)
        }
        let reference = timed(lookahead: 0)
        var sequential: [Double] = [], pipelined: [Double] = []
        var same = true
        for _ in 0..<max(1, rounds) {
            let a = timed(lookahead: 0), b = timed(lookahead: lookahead)
            sequential.append(a.seconds)
            pipelined.append(b.seconds)
            same = same && a.detections == reference.detections && b.detections == reference.detections
        }
        let images = Double(reference.detections.count)
        return DatasetBenchmarkReport(
            model: detector.source, images: reference.detections.count, failed: reference.failures,
            rounds: sequential.count, modelMilliseconds: modelMilliseconds,
            sequentialImagesPerSecond: images / max(sequential.median ?? 0, 1e-9),
            pipelinedImagesPerSecond: images / max(pipelined.median ?? 0, 1e-9), sameDetections: same)
    }
}
