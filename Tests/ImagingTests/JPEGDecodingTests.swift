import Foundation
import Imaging
import TestSupport
import Testing

struct JPEGDecodingTests {
    /// Pillow's decode of the same file (`<name>.jpg.rgba` and `.size` beside it, in `folder`);
    /// IDCTs may differ by a level or two between builds.
    func expectMatchesPillow(_ name: String, in folder: String = fixtureFiles.folder, tolerance: Int = 3) throws {
        let path = (folder as NSString).appendingPathComponent(name + ".jpg")
        let image = try ImageDecoder().decode(contentsOf: path)
        let size = (try? String(contentsOfFile: path + ".size", encoding: .utf8)) ?? ""
        let dims = size.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        #expect(dims == [image.width, image.height], "\(name): size")
        let expected = (try? [UInt8](Data(contentsOf: URL(fileURLWithPath: path + ".rgba")))) ?? []
        #expect(expected.count == image.pixels.count)
        guard expected.count == image.pixels.count else { return }
        var worst = 0
        for i in 0..<expected.count { worst = max(worst, abs(Int(expected[i]) - Int(image.pixels[i]))) }
        #expect(worst <= tolerance, "\(name): max difference \(worst)")
    }

    @Test func baseline() throws { try expectMatchesPillow("baseline", in: RepositoryFiles.path(SharedFixtures.images)) }
    @Test func progressive() throws { try expectMatchesPillow("progressive") }
    @Test func grayscale() throws { try expectMatchesPillow("gray") }
    @Test func cmyk() throws { try expectMatchesPillow("cmyk") }

    /// RGB straight from the decoder (upright files) or through RGBA (turned ones): the
    /// same pixels as decoding to RGBA and dropping the alpha, for every JPEG kind.
    @Test func rgbDecodingGivesTheRGBAPixelsWithoutAlpha() throws {
        let paths = [RepositoryFiles.path(SharedFixtures.images + "/baseline.jpg")]
            + ["progressive", "gray", "cmyk", "exif6", "exif3"].map { fixtureFiles.path($0 + ".jpg") }
        for path in paths {
            let rgba = try ImageDecoder().decode(contentsOf: path)
            let rgb = try ImageDecoder().decodeRGB(contentsOf: path, background: RGBColor(9, 99, 199))
            #expect(rgb == rgba.droppingAlpha(), "\(path)")
            #expect(rgb.pixels.count == rgba.width * rgba.height * 3)
        }
    }

    @Test func exifRotationIsHonoured() throws {
        // Stored 64x48, orientation 6: displayed 48x64, turned clockwise.
        let image = try ImageDecoder().decode(contentsOf: fixtureFiles.path("exif6.jpg"))
        #expect(image.width == 48 && image.height == 64)
        try expectMatchesPillow("exif6")
        try expectMatchesPillow("exif3")
    }

    @Test func orientationsMatchTheirDefinition() throws {
        // A 3x2 image with distinct pixels, checked against the EXIF definitions by corner.
        let pixels: [UInt8] = (0..<6).flatMap { [UInt8($0 * 40), 0, 0, 255] }
        let image = try #require(RGBAImage(width: 3, height: 2, pixels: pixels, hasAlpha: false))
        func topLeft(_ o: ExifOrientation) -> (Int, Int, UInt8) {
            let r = image.oriented(o)
            return (r.width, r.height, r.pixels[0])
        }
        // Stored indices: row 0 = 0 1 2, row 1 = 3 4 5 (value = index * 40).
        #expect(topLeft(.up) == (3, 2, 0))
        #expect(topLeft(.upMirrored) == (3, 2, 80))
        #expect(topLeft(.down) == (3, 2, 200))
        #expect(topLeft(.downMirrored) == (3, 2, 120))
        #expect(topLeft(.leftMirrored) == (2, 3, 0))
        #expect(topLeft(.right) == (2, 3, 120))
        #expect(topLeft(.rightMirrored) == (2, 3, 200))
        #expect(topLeft(.left) == (2, 3, 80))
    }
}
