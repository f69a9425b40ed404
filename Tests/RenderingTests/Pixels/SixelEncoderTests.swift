import Foundation
import Imaging
import Testing
@testable import Rendering

struct SixelEncoderTests {
    @Test func fewColoursComeBackPixelForPixel() throws {
        let (image, _) = PixelTestImages.flat()
        let bytes = SixelEncoder.encode(image)
        let decoded = try SixelReferenceDecoder.decode(bytes)
        #expect(decoded.width == image.width)
        #expect(decoded.height == image.height)
        var wrong = 0
        for y in 0..<image.height {
            for x in 0..<image.width where decoded[x, y] != PixelTestImages.sixelRounded(image[x, y]) { wrong += 1 }
        }
        #expect(wrong == 0, "\(wrong) pixels differ")
    }

    @Test func rasterAttributesSayOneToOneAndTheSize() throws {
        let bytes = SixelEncoder.encode(RGBImage(width: 20, height: 12, fill: RGBColor(1, 2, 3)))
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("\u{1B}P0;1q\"1;1;20;12#0;2;0;1;1"))
        #expect(text.hasSuffix("\u{1B}\\"))
    }

    @Test func runsAreWrittenWithTheRepeatIntroducer() throws {
        let bytes = SixelEncoder.encode(RGBImage(width: 300, height: 6, fill: RGBColor(255, 255, 255)))
        let text = String(decoding: bytes, as: UTF8.self)
        // One colour, one band of all six pixels: 300 columns of "~".
        #expect(text.contains("#0!300~-"))
        #expect(bytes.count < 60)
    }

    @Test func aPhotoKeepsItsLookThroughThePaletteAndDithering() throws {
        let image = PixelTestImages.photo()
        let decoded = try SixelReferenceDecoder.decode(SixelEncoder.encode(image))
        #expect(decoded.width == image.width && decoded.height == image.height)
        let dithered = PixelTestImages.psnr(image, decoded)
        // 256 colours chosen for a smooth picture: far better than a fixed cube would do.
        #expect(dithered > 33, "PSNR \(dithered)")
        // Palette quality alone: fewer colours lose more.
        let sixteen = try SixelReferenceDecoder.decode(SixelEncoder.encode(image, maximumColors: 16))
        #expect(PixelTestImages.psnr(image, sixteen) < dithered)
    }

    @Test func errorDiffusionBeatsNearestColourOnGradients() throws {
        // A grey ramp with 8 colours: without diffusion whole bands are one grey; with it
        // the local mean follows the ramp. Compare 4x4 block means.
        var ramp = RGBImage(width: 128, height: 24)
        for y in 0..<24 { for x in 0..<128 { ramp[x, y] = RGBColor(UInt8(x * 2), UInt8(x * 2), UInt8(x * 2)) } }
        func blockError(_ decoded: RGBImage) -> Double {
            var total = 0.0
            for by in 0..<6 { for bx in 0..<32 {
                var a = 0.0, b = 0.0
                for y in (by * 4)..<(by * 4 + 4) { for x in (bx * 4)..<(bx * 4 + 4) {
                    a += Double(ramp[x, y].r); b += Double(decoded[x, y].r)
                } }
                total += abs(a - b) / 16
            } }
            return total / 192
        }
        let diffused = try SixelReferenceDecoder.decode(SixelEncoder.encode(ramp, maximumColors: 8))
        let nearest = try SixelReferenceDecoder.decode(SixelEncoder.encode(ramp, maximumColors: 8, diffuse: false))
        #expect(blockError(diffused) < blockError(nearest) / 2)
    }

    @Test func overlayColoursStayExactOnAPhoto() throws {
        var image = PixelTestImages.photo(width: 120, height: 72)
        let boxes = [BoxOverlay(x1: 10, y1: 20, x2: 80, y2: 60, color: RGBColor(255, 0, 128), style: .selected, label: "star 0.91")]
        let reserved = PixelPicture.overlayColors(boxes, theme: .dark)
        BoxPainter.draw(boxes, on: &image)
        let decoded = try SixelReferenceDecoder.decode(SixelEncoder.encode(image, reserved: reserved))
        var lineWrong = 0, linePixels = 0
        for y in 0..<image.height {
            for x in 0..<image.width where reserved.contains(image[x, y]) {
                linePixels += 1
                if decoded[x, y] != PixelTestImages.sixelRounded(image[x, y]) { lineWrong += 1 }
            }
        }
        #expect(linePixels > 100)
        #expect(lineWrong == 0)
    }

    @Test func paletteHasAtMost256EntriesInSixelPercents() {
        let palette = SixelPalette(for: PixelTestImages.photo())
        #expect(palette.colors.count <= 256 && palette.colors.count > 200)
        for c in palette.colors { #expect(PixelTestImages.sixelRounded(c) == c) }
    }
}
