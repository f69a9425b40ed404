import Foundation
import Imaging
import TestSupport
import Testing

struct PNGEncodingTests {
    @Test func roundTripsRGBAndRGBA() throws {
        let rgb = try ImageDecoder().decode(contentsOf: fixtureFiles.path("rgb8.png")).droppingAlpha()
        let again = try ImageDecoder().decode(try PNGEncoder.encode(rgb), name: "memory").droppingAlpha()
        #expect(again == rgb)
        let rgba = try ImageDecoder().decode(contentsOf: fixtureFiles.path("rgba8.png"))
        let back = try ImageDecoder().decode(try PNGEncoder.encode(rgba), name: "memory")
        #expect(back.pixels == rgba.pixels)
    }

    @Test func writesAtomicallyAndReportsUnwritablePaths() throws {
        let folder = try TemporaryFolder("dhscope-png")
        let dir = folder.url
        let image = RGBImage(width: 4, height: 3, fill: RGBColor(1, 2, 3))
        let path = dir.appendingPathComponent("out.png").path
        try PNGEncoder.write(image, to: path)
        #expect(try ImageDecoder().decode(contentsOf: path).droppingAlpha() == image)
        #expect(throws: ImageError.self) { try PNGEncoder.write(image, to: dir.path + "/missing-folder/out.png") }
    }
}
