/// EXIF orientation tag values: how the stored pixels must be turned to display upright.
public enum ExifOrientation: Int, Sendable {
    case up = 1, upMirrored, down, downMirrored, leftMirrored, right, rightMirrored, left
}

extension RGBAImage {
    /// Returns the image turned so that it displays upright for the given EXIF orientation.
    public func oriented(_ orientation: ExifOrientation) -> RGBAImage {
        if orientation == .up { return self }
        let swaps = orientation.rawValue >= 5
        let outW = swaps ? height : width
        let outH = swaps ? width : height
        var out = [UInt8](repeating: 0, count: pixels.count)
        for y in 0..<outH {
            for x in 0..<outW {
                // (sx, sy): the stored pixel shown at display position (x, y).
                let sx: Int, sy: Int
                switch orientation {
                case .up: (sx, sy) = (x, y)
                case .upMirrored: (sx, sy) = (width - 1 - x, y)
                case .down: (sx, sy) = (width - 1 - x, height - 1 - y)
                case .downMirrored: (sx, sy) = (x, height - 1 - y)
                case .leftMirrored: (sx, sy) = (y, x)
                case .right: (sx, sy) = (y, height - 1 - x)
                case .rightMirrored: (sx, sy) = (width - 1 - y, height - 1 - x)
                case .left: (sx, sy) = (width - 1 - y, x)
                }
                let s = (sy * width + sx) * 4, d = (y * outW + x) * 4
                out[d] = pixels[s]
                out[d + 1] = pixels[s + 1]
                out[d + 2] = pixels[s + 2]
                out[d + 3] = pixels[s + 3]
            }
        }
        return RGBAImage(width: outW, height: outH, pixels: out, hasAlpha: hasAlpha) ?? self
    }
}
