import CImageCodecs
import Foundation

/// Decodes JPEG and PNG files into 8-bit RGBA, safely: bad data is a thrown error, never an exit.
public struct ImageDecoder: Sendable {
    /// Images with more pixels than this are refused before any pixel memory is allocated.
    public var maxPixels: Int

    /// The default pixel limit: 100 megapixels (a 400 MB RGBA buffer).
    public static let defaultMaxPixels = 100_000_000

    public init(maxPixels: Int = ImageDecoder.defaultMaxPixels) {
        self.maxPixels = maxPixels
    }

    /// Reads and decodes the file at `path`, applying any EXIF orientation.
    public func decode(contentsOf path: String) throws(ImageError) -> RGBAImage {
        try decode(try read(path), name: path)
    }

    /// Reads `path` and composites any transparency on `background`. A JPEG (never
    /// transparent) is decoded straight into the RGB pixels and turned there: no RGBA
    /// buffer, copy or compositing pass (a third of a 1080p render's decoding time).
    public func decodeRGB(contentsOf path: String, background: RGBColor = .black) throws(ImageError) -> RGBImage {
        let data = try read(path)
        // A JPEG straight into RGB, turned as its EXIF orientation says (no box: full size).
        if ImageFormat(sniffing: data) == .jpeg { return try decodeJPEGRGB(data, name: path, within: nil).image }
        return try decode(data, name: path).composited(on: background)
    }

    /// The file's bytes, mapped when possible.
    func read(_ path: String) throws(ImageError) -> Data {
        // Only regular files: reading a FIFO or a device could block or never end.
        var info = stat()
        if stat(path, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFREG: break
            case S_IFDIR: throw ImageError(file: path, reason: .unreadable("it is a directory"))
            default: throw ImageError(file: path, reason: .unreadable("not a regular file (a FIFO, socket or device)"))
            }
        }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            throw ImageError(file: path, reason: .unreadable(Self.describe(error)))
        }
    }

    /// Reads an opened JPEG's scanlines straight into RGB (libjpeg writes into the array);
    /// the reader is closed whatever happens. The pixels are empty unless the code is DH_OK.
    private static func readRGB(_ reader: OpaquePointer?, _ info: inout dh_image) -> (Int32, [UInt8]) {
        var code = Int32(DH_OK)
        let pixels = [UInt8](unsafeUninitializedCapacity: Int(info.width) * Int(info.height) * 3) { buffer, count in
            dh_advise_huge_pages(buffer.baseAddress, buffer.count)
            code = dh_jpeg_read(reader, buffer.baseAddress, 3, &info)
            count = code == DH_OK ? buffer.count : 0
        }
        return (code, pixels)
    }

    /// Reads `path` for showing at most `box` pixels (keeping its aspect ratio unless the box
    /// fills): a JPEG is decoded straight to RGB and, through libjpeg's scaled IDCT, at the
    /// smallest of 1/8, 2/8, 4/8 and 8/8 of its size that still covers that fit, which spares
    /// decoding and resizing pixels no one sees. PNGs decode at full size, transparency
    /// composited on `background`.
    public func decodeRGB(contentsOf path: String, background: RGBColor = .black,
                          showingWithin box: PixelBox) throws(ImageError) -> ReducedImage {
        let data = try read(path)
        guard !data.isEmpty else { throw ImageError(file: path, reason: .empty) }
        guard ImageFormat(sniffing: data) == .jpeg else {
            let image = try decode(data, name: path).composited(on: background)
            return ReducedImage(image: image, fullWidth: image.width, fullHeight: image.height)
        }
        return try decodeJPEGRGB(data, name: path, within: box)
    }

    /// A JPEG decoded straight to RGB, at the smallest libjpeg scale that still covers the
    /// fit into `box` (nil: full size), turned upright as its EXIF orientation says.
    private func decodeJPEGRGB(_ data: Data, name path: String, within box: PixelBox?) throws(ImageError) -> ReducedImage {
        var info = dh_image()
        let limit = UInt64(max(0, maxPixels))
        let (code, pixels): (Int32, [UInt8]) = data.withUnsafeBytes { raw in
            guard let base = raw.bindMemory(to: UInt8.self).baseAddress else { return (Int32(DH_ERR_FORMAT), []) }
            var reader: OpaquePointer?
            let opened = dh_jpeg_open_within(base, raw.count, limit, UInt32(clamping: box?.width ?? 0),
                                             UInt32(clamping: box?.height ?? 0), box?.fill == true ? 1 : 0,
                                             &reader, &info)
            guard opened == DH_OK else { return (opened, []) }
            return Self.readRGB(reader, &info)
        }
        try Self.check(code, &info, name: path)
        guard let decoded = RGBImage(width: Int(info.width), height: Int(info.height), pixels: pixels) else {
            throw ImageError(file: path, reason: .corrupt("decoder returned no pixels"))
        }
        let orientation = ExifOrientation(rawValue: Int(info.orientation)) ?? .up
        let fullWidth = Int(info.full_width), fullHeight = Int(info.full_height)
        return ReducedImage(image: decoded.oriented(orientation),
                            fullWidth: orientation.swapsSides ? fullHeight : fullWidth,
                            fullHeight: orientation.swapsSides ? fullWidth : fullHeight)
    }

    /// Decodes bytes already in memory; `name` is used in errors.
    public func decode(_ data: Data, name: String) throws(ImageError) -> RGBAImage {
        guard !data.isEmpty else { throw ImageError(file: name, reason: .empty) }
        let format = ImageFormat(sniffing: data)
        var image = dh_image()
        let limit = UInt64(max(0, maxPixels))
        let code: Int32 = data.withUnsafeBytes { raw in
            guard let base = raw.bindMemory(to: UInt8.self).baseAddress else { return Int32(DH_ERR_FORMAT) }
            switch format {
            case .jpeg: return dh_jpeg_decode(base, raw.count, limit, &image)
            case .png: return dh_png_decode(base, raw.count, limit, &image)
            case .none: return -1
            }
        }
        defer { dh_free(image.pixels) }
        guard code != -1 else { throw ImageError(file: name, reason: .unknownFormat) }
        try Self.check(code, &image, name: name)
        let width = Int(image.width), height = Int(image.height)
        guard let pixels = image.pixels,
              let decoded = RGBAImage(
                width: width, height: height,
                pixels: Array(UnsafeBufferPointer(start: pixels, count: width * height * 4)),
                hasAlpha: image.has_alpha != 0)
        else { throw ImageError(file: name, reason: .corrupt("decoder returned no pixels")) }
        return decoded.oriented(ExifOrientation(rawValue: Int(image.orientation)) ?? .up)
    }

    /// Throws the error a codec's result code and message describe.
    static func check(_ code: Int32, _ image: inout dh_image, name: String) throws(ImageError) {
        guard code != DH_OK else { return }
        let message = Self.message(of: &image)
        switch Int(code) {
        case Int(DH_ERR_TOO_LARGE): throw ImageError(file: name, reason: .tooLarge(message))
        case Int(DH_ERR_MEMORY): throw ImageError(file: name, reason: .outOfMemory)
        default: throw ImageError(file: name, reason: .corrupt(message))
        }
    }

    private static func message(of image: inout dh_image) -> String {
        withUnsafeBytes(of: &image.message) { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            let end = bytes.firstIndex(of: 0) ?? bytes.count
            return String(decoding: bytes[0..<end], as: UTF8.self)
        }
    }

    static func describe(_ error: Error) -> String {
        let ns = error as NSError
        if ns.domain == NSCocoaErrorDomain {
            switch ns.code {
            case NSFileReadNoSuchFileError, NSFileNoSuchFileError: return "no such file"
            case NSFileReadNoPermissionError, NSFileWriteNoPermissionError: return "permission denied"
            case NSFileWriteOutOfSpaceError: return "no space left on the device"
            case NSFileWriteVolumeReadOnlyError: return "the volume is read-only"
            default: break
            }
        }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError,
           underlying.domain == NSPOSIXErrorDomain,
           let text = strerror(Int32(underlying.code)) {
            return String(cString: text)
        }
        return ns.localizedDescription
    }
}

/// The container formats the decoder recognises by their magic bytes.
public enum ImageFormat: Sendable {
    case jpeg
    case png

    /// Identifies the format from the first bytes; nil for anything else.
    public init?(sniffing data: Data) {
        let head = [UInt8](data.prefix(8))
        if head.count >= 3, head[0] == 0xFF, head[1] == 0xD8, head[2] == 0xFF {
            self = .jpeg
        } else if head == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] {
            self = .png
        } else {
            return nil
        }
    }
}
