import Foundation

/// What ``DatasetBenchmark`` measured. Encodes as `bench dataset --json` documents it:
/// {model, images, failed, rounds, model_load_ms, sequential_images_per_s,
/// pipelined_images_per_s, speedup, same_detections}; rates are medians over the rounds.
public struct DatasetBenchmarkReport: Sendable, Encodable {
    public var model: String
    /// Images detected per run (files that failed aside).
    public var images: Int
    /// Files that could not be read or analysed.
    public var failed: Int
    public var rounds: Int
    /// How long loading the model took.
    public var modelMilliseconds: Double
    public var sequentialImagesPerSecond: Double
    public var pipelinedImagesPerSecond: Double
    /// Pipelined over sequential images per second.
    public var speedup: Double
    /// Whether every run gave the first run's detections, image by image.
    public var sameDetections: Bool

    enum CodingKeys: String, CodingKey {
        case model, images, failed, rounds, modelMilliseconds = "model_load_ms"
        case sequentialImagesPerSecond = "sequential_images_per_s", pipelinedImagesPerSecond = "pipelined_images_per_s"
        case speedup, sameDetections = "same_detections"
    }

    init(model: String, images: Int, failed: Int, rounds: Int, modelMilliseconds: Double,
         sequentialImagesPerSecond: Double, pipelinedImagesPerSecond: Double, sameDetections: Bool) {
        func rounded(_ value: Double) -> Double { (value * 100).rounded() / 100 }
        self.model = model
        self.images = images
        self.failed = failed
        self.rounds = rounds
        self.modelMilliseconds = rounded(modelMilliseconds)
        self.sequentialImagesPerSecond = rounded(sequentialImagesPerSecond)
        self.pipelinedImagesPerSecond = rounded(pipelinedImagesPerSecond)
        speedup = rounded(pipelinedImagesPerSecond / max(sequentialImagesPerSecond, 1e-9))
        self.sameDetections = sameDetections
    }

    /// The report as `bench dataset` prints it.
    public var text: String {
        [
            "\(model): \(images) images\(failed > 0 ? " (\(failed) failed)" : ""), median of \(rounds) rounds",
            String(format: "  model load    %8.1f ms", modelMilliseconds),
            String(format: "  sequential    %8.2f images/s", sequentialImagesPerSecond),
            String(format: "  pipelined     %8.2f images/s (%.2fx)", pipelinedImagesPerSecond, speedup),
            "  same detections: \(sameDetections ? "yes" : "NO")",
        ].joined(separator: "\n")
    }
}
