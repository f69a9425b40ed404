import Foundation
import Imaging
import Testing
@testable import Rendering

struct KittyAndITermTests {
    @Test func kittyTransmissionComesBackPixelForPixelOverChunks() throws {
        let image = PixelTestImages.photo(width: 90, height: 70)  // 18,900 bytes: 6 chunks of base64
        let bytes = KittyGraphics.transmit(image, id: 7)
        let commands = try KittyReferenceDecoder.commands(bytes)
        #expect(commands.count == 7)
        #expect(commands.dropLast().allSatisfy { $0.keys["m"] == "1" && $0.payload.count == 4096 })
        #expect(commands.last?.keys["m"] == "0")
        // Only the first chunk carries the control keys.
        #expect(commands.dropFirst().allSatisfy { $0.keys.count == 1 })
        let decoded = try KittyReferenceDecoder.image(commands)
        #expect(decoded.chunks == 7)
        #expect(decoded.keys["a"] == "t" && decoded.keys["i"] == "7" && decoded.keys["q"] == "2")
        #expect(decoded.image == image)
    }

    @Test func kittyTransmitAndShowAtTheBitmapsOwnSize() throws {
        let image = PixelTestImages.flat().image
        let commands = try KittyReferenceDecoder.commands(KittyGraphics.transmitAndShow(image, id: 1))
        let decoded = try KittyReferenceDecoder.image(commands)
        #expect(decoded.image == image)
        // No cells given: kitty shows the bitmap pixel for pixel instead of stretching it.
        #expect(decoded.keys["a"] == "T" && decoded.keys["c"] == nil && decoded.keys["r"] == nil)
    }

    @Test func kittyPlaceAndDelete() throws {
        let place = try KittyReferenceDecoder.commands(KittyGraphics.place(id: 5))
        #expect(place.count == 1)
        #expect(place[0].keys == ["a": "p", "i": "5", "p": "1", "C": "1", "q": "2"])
        let delete = try KittyReferenceDecoder.commands(KittyGraphics.delete(id: 5))
        #expect(delete[0].keys == ["a": "d", "d": "I", "i": "5", "q": "2"])
    }

    @Test func placeholdersCarryRowAndColumnDiacritics() {
        let rows = KittyGraphics.placeholderRows(id: 0x0A0B0C, columns: 3, rows: 2)
        #expect(rows.count == 2)
        let scalars = rows[1].unicodeScalars.map(\.value)
        // U+10EEEE, row 1 (U+030D), column n (U+0305, U+030D, U+030E).
        #expect(scalars == [0x10EEEE, 0x030D, 0x0305, 0x10EEEE, 0x030D, 0x030D, 0x10EEEE, 0x030D, 0x030E])
        #expect(KittyGraphics.placeholderColor(id: 0x0A0B0C) == RGBColor(10, 11, 12))
    }

    @Test func tmuxPassthroughDoublesEveryEscape() {
        let wrapped = KittyGraphics.tmuxPassthrough(KittyGraphics.delete(id: 2))
        let text = String(decoding: wrapped, as: UTF8.self)
        #expect(text == "\u{1B}Ptmux;\u{1B}\u{1B}_Ga=d,d=I,i=2,q=2\u{1B}\u{1B}\\\u{1B}\\")
    }

    /// tmux 3.3a under kitty (no RGB in its client features) turns 24-bit colours into the
    /// nearest of 256, which names another image; `38;5;N` passes as it is.
    @Test func placeholderForegroundIsA256ColourIndexForSmallIDs() {
        #expect(KittyGraphics.placeholderForeground(id: 1) == "\u{1B}[38;5;1m")
        #expect(KittyGraphics.placeholderForeground(id: 255) == "\u{1B}[38;5;255m")
        #expect(KittyGraphics.placeholderForeground(id: 0x0A0B0C) == "\u{1B}[38;2;10;11;12m")
    }

    /// Each chunk of a transmission in its own passthrough, each decoding to the chunk itself.
    @Test func tmuxPassthroughWrapsEachCommandAlone() throws {
        let image = PixelTestImages.flat().image
        let sequence = KittyGraphics.transmitForPlaceholders(image, id: 1, columns: 4, rows: 2)
        let commands = try KittyReferenceDecoder.commands(sequence)
        #expect(commands.count > 1)
        let wrapped = KittyGraphics.tmuxPassthrough(commands: sequence)
        let text = String(decoding: wrapped, as: UTF8.self)
        let parts = text.components(separatedBy: "\u{1B}Ptmux;").dropFirst()
        #expect(parts.count == commands.count)
        var unwrapped: [UInt8] = []
        for part in parts {
            #expect(part.hasSuffix("\u{1B}\u{1B}\\\u{1B}\\"))
            unwrapped += Array(String(part.dropLast(2)).replacingOccurrences(of: "\u{1B}\u{1B}", with: "\u{1B}").utf8)
        }
        #expect(unwrapped == sequence)
    }

    @Test func itermInlineImageIsABase64PNGOfTheBitmap() throws {
        let image = PixelTestImages.flat().image
        let bytes = try ITermImage.encode(image)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("\u{1B}]1337;File=inline=1;"))
        #expect(bytes.last == 0x07)
        guard let colon = text.firstIndex(of: ":") else { Issue.record("no payload"); return }
        let arguments = text[text.index(text.startIndex, offsetBy: 15)..<colon].split(separator: ";")
        let payload = Data(base64Encoded: String(text[text.index(after: colon)...].dropLast()))
        #expect(payload != nil)
        #expect(arguments.contains("size=\(payload?.count ?? -1)"))
        #expect(arguments.contains("width=97px") && arguments.contains("height=53px"))
        let decoded = try ImageDecoder().decode(try #require(payload), name: "iterm payload").droppingAlpha()
        #expect(decoded == image)
    }

    @Test func fitKeepsTheAspectInWholeSixelBands() throws {
        let fit = try #require(PixelFit(source: PixelSize(width: 1920, height: 1080), columns: 80, rows: 23, cell: PixelSize(width: 10, height: 20)))
        #expect(fit.size == PixelSize(width: 800, height: 450))
        #expect(fit.columns == 80 && fit.rows == 23)
        let tall = try #require(PixelFit(source: PixelSize(width: 100, height: 1000), columns: 80, rows: 10, cell: PixelSize(width: 9, height: 17)))
        #expect(tall.size.height % 6 == 0 && tall.size.height <= 170)
        #expect(tall.size.width == 17)
        #expect(PixelFit(source: PixelSize(width: 10, height: 10), columns: 0, rows: 3, cell: PixelSize(width: 8, height: 16)) == nil)
    }

    @Test func picturesScaleBoxesToThePane() {
        var image = RGBImage(width: 200, height: 100, fill: RGBColor(0, 0, 0))
        image.fill(x0: 100, y0: 0, x1: 200, y1: 100, color: RGBColor(255, 255, 255))
        let box = BoxOverlay(x1: 20, y1: 10, x2: 120, y2: 90, color: RGBColor(255, 0, 0))
        let picture = PixelPicture.compose(image, size: PixelSize(width: 100, height: 50), boxes: [box], theme: .dark)
        // Halved: the box's left edge at x = 10, top at y = 5; the white half from x = 50.
        #expect(picture[10, 20] == RGBColor(255, 0, 0))
        #expect(picture[30, 5] == RGBColor(255, 0, 0))
        #expect(picture[30, 20] == RGBColor(0, 0, 0))
        #expect(picture[80, 20] == RGBColor(255, 255, 255))
        // The same drawing as the PNG export at that size.
        var expected = AreaResize.resize(image, width: 100, height: 50)
        BoxPainter.draw([BoxOverlay(x1: 10, y1: 5, x2: 60, y2: 45, color: RGBColor(255, 0, 0))], on: &expected)
        #expect(picture == expected)
    }
}
