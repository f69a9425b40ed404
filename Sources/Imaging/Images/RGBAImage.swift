/// An 8-bit RGBA image with straight (non-premultiplied) alpha, 4 bytes a pixel.
public struct RGBAImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public var pixels: [UInt8]
    /// Whether the source carried transparency (an alpha channel or tRNS).
    public let hasAlpha: Bool

    public init?(width: Int, height: Int, pixels: [UInt8], hasAlpha: Bool) {
        guard width > 0, height > 0, pixels.count == width * height * 4 else { return nil }
        self.width = width
        self.height = height
        self.pixels = pixels
        self.hasAlpha = hasAlpha
    }

    /// Blends every pixel over `background`, rounding as Pillow's alpha_composite does.
    public func composited(on background: RGBColor) -> RGBImage {
        if !hasAlpha { return droppingAlpha() }
        var out = [UInt8](repeating: 0, count: width * height * 3)
        let bg = [Int(background.r), Int(background.g), Int(background.b)]
        pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for p in 0..<(width * height) {
                    let a = Int(src[p * 4 + 3])
                    for c in 0..<3 {
                        let v = Int(src[p * 4 + c])
                        dst[p * 3 + c] = UInt8((v * a + bg[c] * (255 - a) + 127) / 255)
                    }
                }
            }
        }
        // Sizes match by construction.
        return RGBImage(width: width, height: height, pixels: out) ?? RGBImage(width: width, height: height)
    }

    /// Drops the alpha channel without blending.
    public func droppingAlpha() -> RGBImage {
        let count = width * height
        let out = [UInt8](unsafeUninitializedCapacity: count * 3) { buffer, initialized in
            pixels.withUnsafeBufferPointer { src in
                for p in 0..<count {
                    buffer[p * 3] = src[p * 4]
                    buffer[p * 3 + 1] = src[p * 4 + 1]
                    buffer[p * 3 + 2] = src[p * 4 + 2]
                }
            }
            initialized = count * 3
        }
        return RGBImage(width: width, height: height, pixels: out) ?? RGBImage(width: width, height: height)
    }
}
