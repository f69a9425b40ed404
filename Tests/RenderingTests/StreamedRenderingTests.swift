import Foundation
import Imaging
import Rendering
import TestSupport
import Testing

/// `render` fits a JPEG's cells while its lower rows are still decoded
/// (`ImageRenderer.render(_: JPEGRowStream, ...)`): the grid must be the one the whole decoded
/// picture gives, cell for cell, in every colour mode and with boxes and labels over it.
struct StreamedRenderingTests {
    static let pictures = [SharedFixtures.baselineImage, "Tests/ImagingTests/Fixtures/progressive.jpg",
                           "Tests/ImagingTests/Fixtures/gray.jpg", "Tests/ImagingTests/Fixtures/cmyk.jpg"]

    @Test(arguments: pictures, [ColorMode.truecolor, .ansi256, .ansi16, .none])
    func cellsAreThoseOfTheWholePicture(_ picture: String, _ mode: ColorMode) throws {
        let path = RepositoryFiles.path(picture)
        let box = SymbolGeometry.decodingBox(columns: 24, rows: 9, fill: true)
        let whole = try ImageDecoder().decodeRGB(contentsOf: path, showingWithin: box).image
        let boxes = [BoxOverlay(x1: 5, y1: 4, x2: 40, y2: 30, color: RGBColor(230, 25, 75), label: "hexagon 0.97")]
        for symbols in [SymbolSet.sextant, .half, .quad] {
            let renderer = ImageRenderer(symbols: symbols, mode: mode)
            let stream = try #require(try JPEGRowStream.start(path: path, decoder: ImageDecoder(), showingWithin: box))
            let streamed = try renderer.render(stream, columns: 24, rows: 9, boxes: boxes)
            #expect(streamed == renderer.render(whole, columns: 24, rows: 9, boxes: boxes), "\(picture) \(symbols) \(mode)")
        }
    }

    @Test func aTruncatedJPEGIsAnErrorNotAPartialPicture() throws {
        let path = RepositoryFiles.path(SharedFixtures.truncatedImage)
        #expect(throws: ImageError.self) {
            guard let stream = try JPEGRowStream.start(path: path, decoder: ImageDecoder(), showingWithin: PixelBox(width: 800, height: 800)) else { return }
            _ = try ImageRenderer().render(stream, columns: 40, rows: 12)
        }
    }
}
