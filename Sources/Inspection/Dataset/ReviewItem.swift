/// One thing of the dataset the review points at: a detection of an image, or a
/// ground-truth object of it (a missed one).
public struct ReviewItem: Sendable, Hashable {
    /// What in the image.
    public enum Target: Sendable, Hashable {
        /// A detection: its index in the image's detections (the variant's, as given).
        case detection(Int)
        /// A ground-truth object: its index in the image's objects (`GroundTruthImage.objects`).
        case object(Int)
    }

    /// The image: its index in the browser's list.
    public var image: Int
    /// The detection or object in it.
    public var target: Target

    /// `target` of image `image`.
    public init(image: Int, target: Target) {
        self.image = image
        self.target = target
    }
}
