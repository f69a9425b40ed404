import CImageCodecs
import Foundation

/// Encodes images as PNG and writes them atomically (a temporary file, then rename).
public enum PNGEncoder {
    /// PNG bytes for an RGB image.
    public static func encode(_ image: RGBImage) throws(ImageError) -> Data {
        try encode(image.pixels, width: image.width, height: image.height, channels: 3)
    }

    /// PNG bytes for an RGB image made fast (zlib level 1, the Sub filter): larger files,
    /// for pictures sent to a terminal every frame.
    public static func encodeFast(_ image: RGBImage) throws(ImageError) -> Data {
        try encode(image.pixels, width: image.width, height: image.height, channels: 3, level: 1)
    }

    /// PNG bytes for an RGBA image.
    public static func encode(_ image: RGBAImage) throws(ImageError) -> Data {
        try encode(image.pixels, width: image.width, height: image.height, channels: 4)
    }

    /// Encodes and writes `image` to `path`; an existing file is replaced only on success.
    public static func write(_ image: RGBImage, to path: String) throws(ImageError) {
        let data = try encode(image)
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ImageError(file: path, reason: .writeFailed(ImageDecoder.describe(error)))
        }
    }

    private static func encode(_ pixels: [UInt8], width: Int, height: Int, channels: Int32, level: Int32 = 6) throws(ImageError) -> Data {
        var out: UnsafeMutablePointer<UInt8>?
        var size = 0
        var message = [CChar](repeating: 0, count: 200)
        let code = pixels.withUnsafeBufferPointer { buffer in
            dh_png_encode_level(buffer.baseAddress, UInt32(width), UInt32(height), channels, level, &out, &size, &message, message.count)
        }
        defer { dh_free(out) }
        guard code == DH_OK, let out else {
            let text = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw ImageError(file: "<png>", reason: .writeFailed(text))
        }
        return Data(bytes: out, count: size)
    }
}
