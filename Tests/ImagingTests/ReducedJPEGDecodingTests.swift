import Foundation
import Imaging
import TestSupport
import Testing

/// JPEGs decoded for display within a box (`decodeRGB(contentsOf:showingWithin:)`): libjpeg's
/// scaled IDCT at the smallest scale that covers the fit, against Pillow's draft-mode decode
/// (Tools/fixtures/make_reduced_jpeg_fixtures.py), and at full size against the RGBA decoder.
struct ReducedJPEGDecodingTests {
    static func path(_ name: String) -> String {
        name == "baseline" ? RepositoryFiles.path(SharedFixtures.baselineImage) : fixtureFiles.path(name + ".jpg")
    }

    @Test(arguments: ["baseline", "progressive", "gray", "exif6"])
    func halfScaleMatchesPillowsDraftDecode(_ name: String) throws {
        let full = try ImageDecoder().decodeRGB(contentsOf: Self.path(name))
        // A box of half the upright size: the fit needs exactly 1/2, which is 4/8.
        let reduced = try ImageDecoder().decodeRGB(contentsOf: Self.path(name),
                                                   showingWithin: PixelBox(width: full.width / 2, height: full.height / 2))
        #expect(reduced.fullWidth == full.width && reduced.fullHeight == full.height)
        let size = (try? String(contentsOfFile: fixtureFiles.path(name + ".jpg.half.size"), encoding: .utf8)) ?? ""
        #expect(size.split(whereSeparator: \.isWhitespace).compactMap { Int($0) } == [reduced.image.width, reduced.image.height])
        let expected = try [UInt8](Data(contentsOf: URL(fileURLWithPath: fixtureFiles.path(name + ".jpg.half.rgb"))))
        try #require(expected.count == reduced.image.pixels.count)
        // IDCTs may differ by a level or two between libjpeg builds.
        let worst = zip(expected, reduced.image.pixels).map { abs(Int($0) - Int($1)) }.max() ?? 0
        #expect(worst <= 3, "\(name): max difference \(worst)")
    }

    @Test func scaleIsTheSmallestThatCoversTheFit() throws {
        // 64x48 into 17x25: the fit (17x12.75) needs more than 2/8, so 4/8: 32x24.
        let reduced = try ImageDecoder().decodeRGB(contentsOf: Self.path("baseline"), showingWithin: PixelBox(width: 17, height: 25))
        #expect(reduced.image.width == 32 && reduced.image.height == 24)
        // The box's narrower side rules: 64x48 into 8x100 needs 1/8 of the width: 8x6.
        let tall = try ImageDecoder().decodeRGB(contentsOf: Self.path("baseline"), showingWithin: PixelBox(width: 8, height: 100))
        #expect(tall.image.width == 8 && tall.image.height == 6)
    }

    @Test func scaleSkipsTheSlowIDCTs() throws {
        // 64x48 into 33x25 needs more than 4/8; libjpeg-turbo's 5/8 to 7/8 are slower than a
        // whole decode, so the image is decoded whole.
        let reduced = try ImageDecoder().decodeRGB(contentsOf: Self.path("baseline"), showingWithin: PixelBox(width: 33, height: 25))
        #expect(reduced.image.width == 64 && reduced.image.height == 48)
        // 64x48 into 12x9 needs 3/16 of the size: 2/8, 16x12.
        let quarter = try ImageDecoder().decodeRGB(contentsOf: Self.path("baseline"), showingWithin: PixelBox(width: 12, height: 9))
        #expect(quarter.image.width == 16 && quarter.image.height == 12)
    }

    @Test func fillingBoxCoversBothSides() throws {
        // Stretched into 8x40, 64x48 must keep 40 rows: 48 * m/8 >= 40 needs 8/8; the fit
        // alone (8x6) would take 1/8.
        let stretched = try ImageDecoder().decodeRGB(contentsOf: Self.path("baseline"),
                                                     showingWithin: PixelBox(width: 8, height: 40, fill: true))
        #expect(stretched.image.width == 64 && stretched.image.height == 48)
        // Stretched into 8x12: 48 * m/8 >= 12 needs 2/8: 16x12.
        let small = try ImageDecoder().decodeRGB(contentsOf: Self.path("baseline"),
                                                 showingWithin: PixelBox(width: 8, height: 12, fill: true))
        #expect(small.image.width == 16 && small.image.height == 12)
    }

    @Test(arguments: ["baseline", "cmyk", "exif6"])
    func boxAsLargeAsTheImageDecodesItWhole(_ name: String) throws {
        let whole = try ImageDecoder().decodeRGB(contentsOf: Self.path(name))
        let reduced = try ImageDecoder().decodeRGB(contentsOf: Self.path(name),
                                                   showingWithin: PixelBox(width: whole.width * 2, height: whole.height * 2))
        #expect(reduced.image == whole)
        #expect(reduced.fullWidth == whole.width && reduced.fullHeight == whole.height)
    }

    @Test func pixelLimitAppliesToTheFullSize() throws {
        #expect(throws: ImageError.self) {
            try ImageDecoder(maxPixels: 64 * 48 - 1).decodeRGB(contentsOf: Self.path("baseline"), showingWithin: PixelBox(width: 8, height: 6))
        }
    }
}
