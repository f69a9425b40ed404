import Detector
import Imaging
import Store

/// One head variant's detections for a list of image files, in order, as `dhscope detect`
/// prints them: each image is decoded, analysed and post-processed, and handed on as soon as
/// it is done; a file that cannot be read or analysed is reported and the run goes on. With a
/// shelf, images the store holds are read from it and the others kept, so `detect` and
/// `eval --images` report the same numbers.
public struct DetectionRun: Sendable {
    public var detector: DoubleHeadDetector
    public var variant: HeadVariant
    public var settings: PostProcessSettings
    /// The analysis store as this model and these settings see it; nil analyses every image.
    public var shelf: ModelShelf?

    public init(detector: DoubleHeadDetector, variant: HeadVariant, settings: PostProcessSettings, shelf: ModelShelf? = nil) {
        self.detector = detector
        self.variant = variant
        self.settings = settings
        self.shelf = shelf
    }

    /// Runs on `files`, calling `found` with each image's detections and `failed` with a
    /// message naming each file that failed.
    /// - Returns: how many files failed.
    public func run(files: [String], found: (ImageDetections) throws -> Void, failed: (String) -> Void) rethrows -> Int {
        var failures = 0
        for path in files {
            let entry: ImageDetections
            do {
                let key = shelf?.key(forImageAt: path)
                if let shelf, let key, let stored = shelf.summary(image: key), let detections = stored.detections[variant] {
                    entry = ImageDetections(file: path, width: stored.imageWidth, height: stored.imageHeight, detections: detections,
                                            config: detector.config)
                } else {
                    let image = try ImageDecoder().decodeRGB(contentsOf: path)
                    var analysis = try detector.analyze(image)
                    if let shelf, let key, let kept = try? shelf.save(analysis, image: key) { analysis = kept.analysis }
                    let detections = try PostProcessor.detections(analysis, variant: variant, settings: settings)
                    entry = ImageDetections(file: path, width: image.width, height: image.height, detections: detections,
                                            config: detector.config)
                }
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
