import Compute
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

    /// Runs on `files`, calling `found` with each image's detections, in the order of `files`,
    /// and `failed` with a message naming each file that failed. The next `lookahead` files
    /// are read, decoded and prepared on a background queue while the network runs on the
    /// current one (0: each in turn on the calling thread); the detections are the same.
    /// - Returns: how many files failed.
    public func run(files: [String], lookahead: Int = 1, found: (ImageDetections) throws -> Void,
                    failed: (String) -> Void) rethrows -> Int {
        var failures = 0
        let loader = Prefetcher(count: files.count, lookahead: lookahead) { [detector, shelf, variant] index in
            LoadedImage.load(files[index], detector: detector, shelf: shelf, variant: variant)
        }
        defer { loader.cancel() }
        for path in files {
            guard let loaded = loader.next() else { break }
            let entry: ImageDetections
            do {
                switch loaded {
                case .stored(let stored):
                    entry = ImageDetections(file: path, width: stored.imageWidth, height: stored.imageHeight,
                                            detections: stored.detections[variant] ?? [], config: detector.config)
                case .prepared(let input, let key):
                    var analysis = try detector.analyze(input)
                    if let shelf, let key, let kept = try? shelf.save(analysis, image: key) { analysis = kept.analysis }
                    let detections = try PostProcessor.detections(analysis, variant: variant, settings: settings)
                    entry = ImageDetections(file: path, width: input.originalWidth, height: input.originalHeight,
                                            detections: detections, config: detector.config)
                case .unreadable(let reason):
                    failures += 1
                    failed(reason)
                    continue
                case .cancelled:
                    return failures
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
