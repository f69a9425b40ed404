import Detector
import Imaging

/// One head variant's detections for a list of image files, in order, as `dhscope detect`
/// prints them: each image is decoded, analysed and post-processed, and handed on as soon as
/// it is done; a file that cannot be read or analysed is reported and the run goes on.
public struct DetectionRun: Sendable {
    public var detector: DoubleHeadDetector
    public var variant: HeadVariant
    public var settings: PostProcessSettings

    public init(detector: DoubleHeadDetector, variant: HeadVariant, settings: PostProcessSettings) {
        self.detector = detector
        self.variant = variant
        self.settings = settings
    }

    /// Runs on `files`, calling `found` with each image's detections and `failed` with a
    /// message naming each file that failed.
    /// - Returns: how many files failed.
    public func run(files: [String], found: (ImageDetections) throws -> Void, failed: (String) -> Void) rethrows -> Int {
        var failures = 0
        for path in files {
            let entry: ImageDetections
            do {
                let image = try ImageDecoder().decodeRGB(contentsOf: path)
                let analysis = try detector.analyze(image)
                let detections = try PostProcessor.detections(analysis, variant: variant, settings: settings)
                entry = ImageDetections(file: path, width: image.width, height: image.height, detections: detections,
                                        config: detector.config)
            } catch {
                failures += 1
                failed("\(error)")
                continue
            }
            try found(entry)
        }
        return failures
    }
}
