/// EXIF orientation tag values: how the stored pixels must be turned to display upright.
public enum ExifOrientation: Int, Sendable {
    case up = 1, upMirrored, down, downMirrored, leftMirrored, right, rightMirrored, left

    /// Whether the image turns a quarter (its width and height trade places).
    public var swapsSides: Bool { rawValue >= 5 }

    /// Packed pixels of `channels` bytes each, `width` x `height` as stored, turned upright:
    /// the new pixels and size.
    func turn(_ pixels: [UInt8], width: Int, height: Int, channels: Int) -> (pixels: [UInt8], width: Int, height: Int) {
        if self == .up { return (pixels, width, height) }
        let outW = swapsSides ? height : width
        let outH = swapsSides ? width : height
        var out = [UInt8](repeating: 0, count: pixels.count)
        for y in 0..<outH {
            for x in 0..<outW {
                // (sx, sy): the stored pixel shown at display position (x, y).
                let sx: Int, sy: Int
                switch self {
                case .up: (sx, sy) = (x, y)
                case .upMirrored: (sx, sy) = (width - 1 - x, y)
                case .down: (sx, sy) = (width - 1 - x, height - 1 - y)
                case .downMirrored: (sx, sy) = (x, height - 1 - y)
                case .leftMirrored: (sx, sy) = (y, x)
                case .right: (sx, sy) = (y, height - 1 - x)
                case .rightMirrored: (sx, sy) = (width - 1 - y, height - 1 - x)
                case .left: (sx, sy) = (width - 1 - y, x)
                }
                let s = (sy * width + sx) * channels, d = (y * outW + x) * channels
                for c in 0..<channels { out[d + c] = pixels[s + c] }
            }
        }
        return (out, outW, outH)
    }
}

extension RGBAImage {
    /// Returns the image turned so that it displays upright for the given EXIF orientation.
    public func oriented(_ orientation: ExifOrientation) -> RGBAImage {
        let turned = orientation.turn(pixels, width: width, height: height, channels: 4)
        return RGBAImage(width: turned.width, height: turned.height, pixels: turned.pixels, hasAlpha: hasAlpha) ?? self
    }
}

extension RGBImage {
    /// Returns the image turned so that it displays upright for the given EXIF orientation.
    public func oriented(_ orientation: ExifOrientation) -> RGBImage {
        let turned = orientation.turn(pixels, width: width, height: height, channels: 3)
        return RGBImage(width: turned.width, height: turned.height, pixels: turned.pixels) ?? self
    }
}
