/// An 8-bit RGB image, row-major and tightly packed (3 bytes a pixel).
public struct RGBImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// Interleaved R, G, B bytes; count == width * height * 3.
    public var pixels: [UInt8]

    /// Creates an image from packed pixels; nil when the count does not match the size.
    public init?(width: Int, height: Int, pixels: [UInt8]) {
        guard width > 0, height > 0, pixels.count == width * height * 3 else { return nil }
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// Creates an image filled with one colour.
    public init(width: Int, height: Int, fill: RGBColor = .black) {
        precondition(width > 0 && height > 0, "image size must be positive")
        self.width = width
        self.height = height
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for i in stride(from: 0, to: pixels.count, by: 3) {
            pixels[i] = fill.r
            pixels[i + 1] = fill.g
            pixels[i + 2] = fill.b
        }
        self.pixels = pixels
    }

    /// The colour at (x, y); both must lie inside the image.
    public subscript(x: Int, y: Int) -> RGBColor {
        get {
            let i = (y * width + x) * 3
            return RGBColor(pixels[i], pixels[i + 1], pixels[i + 2])
        }
        set {
            let i = (y * width + x) * 3
            pixels[i] = newValue.r
            pixels[i + 1] = newValue.g
            pixels[i + 2] = newValue.b
        }
    }
}
