import Foundation
import Imaging
import TestSupport
import Testing

/// JPEGs decoded on a background queue for use as their rows arrive (`render`'s cells): the
/// same pixels as decoding whole at the same box, rows usable in order, errors reported to
/// whoever waits, and EXIF-turned pictures left to the whole decode.
struct JPEGRowStreamTests {
    static func path(_ name: String) -> String {
        name == "baseline" ? RepositoryFiles.path(SharedFixtures.baselineImage) : fixtureFiles.path(name + ".jpg")
    }

    @Test(arguments: ["baseline", "progressive", "gray", "cmyk", "exif3"], [PixelBox(width: 4000, height: 4000), PixelBox(width: 16, height: 12, fill: true)])
    func pixelsAreThoseOfTheWholeDecode(_ name: String, _ box: PixelBox) throws {
        let whole = try ImageDecoder().decodeRGB(contentsOf: Self.path(name), showingWithin: box)
        let started = try JPEGRowStream.start(path: Self.path(name), decoder: ImageDecoder(), showingWithin: box)
        if name == "exif3" {
            #expect(started == nil, "a turned picture is decoded whole")
            return
        }
        let stream = try #require(started)
        #expect(stream.width == whole.image.width && stream.height == whole.image.height)
        #expect(stream.fullWidth == whole.fullWidth && stream.fullHeight == whole.fullHeight)
        // Rows in order, each band as soon as it is there.
        for rows in stride(from: 1, through: stream.height, by: 7) {
            try stream.waitForRows(rows)
            let decoded = UnsafeBufferPointer(start: stream.pixels, count: rows * stream.width * 3)
            #expect(Array(decoded) == Array(whole.image.pixels[0..<(rows * stream.width * 3)]), "\(name): first \(rows) rows")
        }
        #expect(try stream.image() == whole.image)
    }

    @Test func aTurnedPictureIsLeftToTheWholeDecode() throws {
        #expect(try JPEGRowStream.start(path: Self.path("exif6"), decoder: ImageDecoder(), showingWithin: PixelBox(width: 99, height: 99)) == nil)
    }

    @Test func aPNGIsNotStreamed() throws {
        let folder = try TemporaryFolder()
        let png = folder.url.appendingPathComponent("p.png").path
        try PNGEncoder.write(RGBImage(width: 4, height: 3), to: png)
        #expect(try JPEGRowStream.start(path: png, decoder: ImageDecoder(), showingWithin: PixelBox(width: 9, height: 9)) == nil)
    }

    /// A file cut short fails part way: the wait reports the decoder's error, naming the file,
    /// and never hangs.
    @Test func aTruncatedJPEGFailsTheWait() throws {
        let path = RepositoryFiles.path(SharedFixtures.truncatedImage)
        do {
            guard let stream = try JPEGRowStream.start(path: path, decoder: ImageDecoder(), showingWithin: PixelBox(width: 9000, height: 9000)) else {
                Issue.record("no stream")
                return
            }
            try stream.waitForRows(stream.height)
            Issue.record("a truncated JPEG decoded")
        } catch {
            guard case .corrupt = error.reason else { Issue.record("\(error)"); return }
            #expect(error.description.contains("truncated.jpg"))
        }
    }

    @Test func headerErrorsComeFromStart() {
        #expect(throws: ImageError.self) {
            try JPEGRowStream.start(path: fixtureFiles.path("garbage.jpg"), decoder: ImageDecoder(), showingWithin: PixelBox(width: 9, height: 9))
        }
        #expect(throws: ImageError.self) {
            try JPEGRowStream.start(path: Self.path("baseline"), decoder: ImageDecoder(maxPixels: 100), showingWithin: PixelBox(width: 9, height: 9))
        }
    }
}
