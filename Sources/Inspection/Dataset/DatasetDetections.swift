import Detector

/// What the browser has analysed of its image list so far: for each image (the index is its
/// position in `imagePaths`), each head variant's detections once known (nil: not analysed
/// yet), and the image's size once decoded. ``DatasetReview`` is built from it.
public struct DatasetDetections: Sendable {
    /// The browser's images, in its order.
    public let imagePaths: [String]
    private var detections: [[HeadVariant: [Detection]]]
    private var sizes: [(width: Int, height: Int)?]

    /// Nothing analysed yet.
    public init(imagePaths: [String]) {
        self.imagePaths = imagePaths
        detections = Array(repeating: [:], count: imagePaths.count)
        sizes = Array(repeating: nil, count: imagePaths.count)
    }

    /// The number of images.
    public var count: Int { imagePaths.count }

    /// Image `index`'s detections under `variant`, or nil when not analysed (or out of range).
    public func detections(ofImage index: Int, variant: HeadVariant) -> [Detection]? {
        detections.indices.contains(index) ? detections[index][variant] : nil
    }

    /// Records image `index`'s detections under `variant`; an index out of range is ignored.
    public mutating func setDetections(_ list: [Detection], ofImage index: Int, variant: HeadVariant) {
        guard detections.indices.contains(index) else { return }
        detections[index][variant] = list
    }

    /// Forgets image `index`'s detections (every variant), as when the model changes.
    public mutating func removeDetections(ofImage index: Int) {
        guard detections.indices.contains(index) else { return }
        detections[index] = [:]
    }

    /// Image `index`'s size in pixels, if known.
    public func imageSize(ofImage index: Int) -> (width: Int, height: Int)? {
        sizes.indices.contains(index) ? sizes[index] : nil
    }

    /// Records image `index`'s size; an index out of range is ignored.
    public mutating func setImageSize(width: Int, height: Int, ofImage index: Int) {
        guard sizes.indices.contains(index) else { return }
        sizes[index] = (width, height)
    }

    /// The images analysed under `variant`, ascending.
    public func analysedImages(variant: HeadVariant) -> [Int] {
        detections.indices.filter { detections[$0][variant] != nil }
    }
}
