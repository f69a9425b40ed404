import CImageCodecs
import Dispatch
import Foundation

/// A JPEG decoded on a background queue into a buffer whose rows can be used as they arrive:
/// `render` samples and fits the top of a picture while libjpeg decodes the rest. Straight
/// to RGB, upright pictures only (an EXIF turn would move the rows), at the same reduced
/// scale as ``ImageDecoder/decodeRGB(contentsOf:background:showingWithin:)``, so the pixels
/// are the same.
public final class JPEGRowStream: @unchecked Sendable {
    /// The decoded size (reduced for the box).
    public let width: Int
    public let height: Int
    /// The file's size, which coordinates in image pixels refer to.
    public let fullWidth: Int
    public let fullHeight: Int
    /// RGB, `width * 3` bytes a row; only rows below what ``waitForRows(_:)`` confirmed are
    /// written.
    public var pixels: UnsafePointer<UInt8> { UnsafePointer(buffer) }

    private let buffer: UnsafeMutablePointer<UInt8>
    private let name: String
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var decodedRows = 0
    private var failure: ImageError?
    private var done = false

    /// Rows decoded between two reports: one MCU row of 4:2:0 at full scale.
    private static let band = 16

    /// Opens `path` and starts decoding it; nil when the file is no JPEG or its EXIF
    /// orientation turns it (decode it whole instead).
    /// - Throws: ``ImageError`` for an unreadable file or a header libjpeg refuses.
    public static func start(path: String, decoder: ImageDecoder, showingWithin box: PixelBox) throws(ImageError) -> JPEGRowStream? {
        let data = try decoder.read(path)
        guard ImageFormat(sniffing: data) == .jpeg else { return nil }
        var info = dh_image()
        let limit = UInt64(max(0, decoder.maxPixels))
        // libjpeg reads from `bytes`, which the decode keeps until it ends.
        let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, data.count), alignment: 16)
        data.copyBytes(to: bytes)
        var reader: OpaquePointer?
        let opened = dh_jpeg_open_within(bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), data.count, limit,
                                         UInt32(clamping: box.width), UInt32(clamping: box.height), box.fill ? 1 : 0,
                                         &reader, &info)
        do throws(ImageError) {
            try ImageDecoder.check(opened, &info, name: path)
        } catch {
            bytes.deallocate()
            throw error
        }
        guard info.orientation == 1, let reader else {
            dh_jpeg_close(reader)
            bytes.deallocate()
            return nil
        }
        let stream = JPEGRowStream(width: Int(info.width), height: Int(info.height), fullWidth: Int(info.full_width),
                                   fullHeight: Int(info.full_height), name: path)
        // The reader, its header and the bytes pass to the decoding queue and are used there only.
        nonisolated(unsafe) let open = reader, header = info, source = bytes
        DispatchQueue(label: "dhscope.jpeg-rows", qos: .userInitiated).async {
            stream.decode(open, info: header)
            source.deallocate()
        }
        return stream
    }

    private init(width: Int, height: Int, fullWidth: Int, fullHeight: Int, name: String) {
        self.width = width
        self.height = height
        self.fullWidth = fullWidth
        self.fullHeight = fullHeight
        self.name = name
        let count = max(1, width * height * 3)
        buffer = .allocate(capacity: count)
        dh_advise_huge_pages(buffer, count)
    }

    deinit {
        // The decode writes into the buffer until it ends.
        condition.lock()
        while !done { condition.wait() }
        condition.unlock()
        buffer.deallocate()
    }

    /// Waits until the first `count` rows are decoded (all of them when `count` is larger).
    /// - Throws: ``ImageError`` when the decode failed.
    public func waitForRows(_ count: Int) throws(ImageError) {
        let needed = min(count, height)
        condition.lock()
        while decodedRows < needed && failure == nil && !done { condition.wait() }
        let failed = failure
        condition.unlock()
        if let failed { throw failed }
    }

    /// The whole picture, once decoded.
    /// - Throws: ``ImageError`` when the decode failed.
    public func image() throws(ImageError) -> RGBImage {
        try waitForRows(height)
        let pixels = Array(UnsafeBufferPointer(start: buffer, count: width * height * 3))
        guard let image = RGBImage(width: width, height: height, pixels: pixels) else {
            throw ImageError(file: name, reason: .corrupt("decoder returned no pixels"))
        }
        return image
    }

    private func decode(_ reader: OpaquePointer, info: dh_image) {
        var info = info
        var row = 0
        var code = Int32(DH_OK)
        while row < height {
            row = min(height, row + Self.band)
            code = dh_jpeg_read_rows(reader, buffer, 3, UInt32(row), &info)
            if code != DH_OK { break }
            condition.lock()
            decodedRows = row
            condition.broadcast()
            condition.unlock()
        }
        if code == DH_OK { code = dh_jpeg_finish(reader, &info) }
        var failed: ImageError?
        do throws(ImageError) { try ImageDecoder.check(code, &info, name: name) } catch { failed = error }
        condition.lock()
        failure = failed
        done = true
        condition.broadcast()
        condition.unlock()
    }
}
