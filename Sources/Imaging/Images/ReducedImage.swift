/// An image decoded smaller than its file holds it (for display), with the full size that
/// coordinates in image pixels (boxes, viewports) refer to.
public struct ReducedImage: Sendable {
    /// The pixels, possibly fewer than the file's.
    public let image: RGBImage
    /// The file's image size, upright.
    public let fullWidth: Int
    public let fullHeight: Int

    public init(image: RGBImage, fullWidth: Int, fullHeight: Int) {
        self.image = image
        self.fullWidth = fullWidth
        self.fullHeight = fullHeight
    }
}

/// A size in pixels that a picture will be shown within: keeping its aspect ratio, or
/// stretched to fill it.
public struct PixelBox: Sendable, Equatable {
    public var width: Int
    public var height: Int
    /// Whether the picture is stretched to the whole box (`--stretch`), so that a reduced
    /// decode must cover both sides rather than the aspect-keeping fit.
    public var fill: Bool

    public init(width: Int, height: Int, fill: Bool = false) {
        self.width = width
        self.height = height
        self.fill = fill
    }
}
