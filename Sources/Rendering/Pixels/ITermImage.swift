import Foundation
import Imaging

/// iTerm2's inline images (https://iterm2.com/documentation-images.html): one OSC 1337
/// `File=` sequence carrying a base64 PNG, shown at the cursor at its size in pixels.
public enum ITermImage {
    /// The sequence showing `image` at the cursor, `width` x `height` pixels.
    public static func encode(_ image: RGBImage) throws(ImageError) -> [UInt8] {
        let png = try PNGEncoder.encodeFast(image)
        var out = Array("\u{1B}]1337;File=inline=1;size=\(png.count);width=\(image.width)px;height=\(image.height)px;preserveAspectRatio=0:".utf8)
        out += Array(png.base64EncodedData())
        out.append(0x07)
        return out
    }
}
