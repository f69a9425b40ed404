import Testing
@testable import Imaging

/// Bitmaps of Terminus Font 4.48 ter-u16n (Debian xfonts-terminus 4.48-3.1), as `pcf2bdf`
/// (Debian package pcf2bdf 1.07) prints them from `ter-u16n_unicode.pcf.gz`: 16 rows of two
/// hex digits, the high bit the left column. Another program's decoding of the original file,
/// not the output of Tools/cellfont.py.
private let terminus: [(Unicode.Scalar, String)] = [
    ("A", "00003C424242427E4242424200000000"),
    ("g", "00000000003E42424242423E02023C00"),
    ("p", "00000000007C42424242427C40404000"),
    ("q", "00000000003E42424242423E02020200"),
    ("\u{00B7}", "00000000000000101000000000000000"),  // · middle dot
    ("\u{00D7}", "00000000004224181824420000000000"),  // × multiplication sign
    ("\u{2026}", "00000000000000000000929200000000"),  // … ellipsis
    ("\u{2502}", "10101010101010101010101010101010"),  // │ box drawing light vertical
    ("\u{2713}", "00000202040488885050202000000000"),  // ✓ check mark
    ("\u{2717}", "00000444281818142220404000000000"),  // ✗ ballot x
    ("\u{2807}", "00404000004040000040400000000000"),  // ⠇ braille dots 1-2-3
]

private func rows(hex: String) -> [UInt8] {
    let digits = Array(hex)
    return stride(from: 0, to: digits.count, by: 2).compactMap { UInt8(String(digits[$0...$0 + 1]), radix: 16) }
}

struct CellFontTests {
    @Test(arguments: terminus)
    func glyphsAreTheSourceFontsBitmaps(scalar: Unicode.Scalar, hex: String) {
        #expect(CellFont.hasGlyph(for: scalar))
        #expect(Array(CellFont.rows(for: scalar)) == rows(hex: hex), "U+\(String(scalar.value, radix: 16))")
    }

    @Test func descendersReachBelowTheBaseline() {
        // The baseline is under row 11 (ascent 12); g, p, q, y, j hang below it, while the
        // characters the 5x7 font confused them with (9, r, a) stay above.
        func inkBelowBaseline(_ s: Unicode.Scalar) -> Bool { CellFont.rows(for: s).dropFirst(12).contains { $0 != 0 } }
        for s in ["g", "p", "q", "y", "j"] as [Unicode.Scalar] { #expect(inkBelowBaseline(s), "\(s)") }
        for s in ["9", "r", "a", "x"] as [Unicode.Scalar] { #expect(!inkBelowBaseline(s), "\(s)") }
    }

    @Test func generatedTableIsIntactAndCoversASCIIAndLatin1() {
        #expect(CellFont.table.rejectedLines == 0)
        let lines = CellFont.glyphSource.split(separator: "\n").count
        #expect(CellFont.scalars.count == lines)
        for value in Array(0x20...0x7E) + Array(0xA0...0xFF) {
            let scalar = Unicode.Scalar(UInt8(value))
            #expect(CellFont.hasGlyph(for: scalar), "U+\(String(value, radix: 16))")
        }
    }

    @Test func missingCharactersGetTheFallbackWhichNoGlyphLooksLike() {
        for scalar in ["\u{1F600}", "\u{0007}", "\u{1FB00}", "\u{4E2D}"] as [Unicode.Scalar] {
            #expect(!CellFont.hasGlyph(for: scalar))
            #expect(Array(CellFont.rows(for: scalar)) == CellFont.fallbackRows)
        }
        #expect(CellFont.fallbackRows.count == CellFont.glyphHeight)
        let lookalikes = CellFont.scalars.filter { Array(CellFont.rows(for: $0)) == CellFont.fallbackRows }
        #expect(lookalikes.isEmpty)
    }

    @Test func pixelQueriesFollowTheRowsAndStayInsideTheCell() {
        // ×: row 5 is .#....#.
        #expect(CellFont.isPixelSet("\u{00D7}", x: 1, y: 5))
        #expect(CellFont.isPixelSet("\u{00D7}", x: 6, y: 5))
        #expect(!CellFont.isPixelSet("\u{00D7}", x: 0, y: 5))
        #expect(!CellFont.isPixelSet("\u{2502}", x: 3, y: 16))
        #expect(!CellFont.isPixelSet("\u{2502}", x: -1, y: 0))
        #expect(!CellFont.isPixelSet("\u{2588}", x: 8, y: 0))
    }

    @Test func drawingAGlyphSetsExactlyItsPixelsAndClips() throws {
        let paper = RGBColor(10, 20, 30), ink = RGBColor(200, 210, 220)
        var image = RGBImage(width: 20, height: 20, fill: paper)
        image.drawCellGlyph("g", x: 3, y: 2, color: ink)
        let g = rows(hex: "00000000003E42424242423E02023C00")
        for y in 0..<20 {
            for x in 0..<20 {
                let gx = x - 3, gy = y - 2
                let set = (0..<8).contains(gx) && (0..<16).contains(gy) && g[gy] & (0x80 >> UInt8(gx)) != 0
                #expect(image[x, y] == (set ? ink : paper), "(\(x), \(y))")
            }
        }
        // Half outside: only the visible part is drawn; far away (or at extreme coordinates)
        // nothing is, and nothing traps.
        var edge = RGBImage(width: 4, height: 4, fill: paper)
        edge.drawCellGlyph("\u{2588}", x: -6, y: -14, color: ink)
        #expect(edge[0, 0] == ink && edge[1, 1] == ink && edge[2, 0] == paper && edge[0, 2] == paper)
        for (x, y) in [(Int.max, 0), (Int.min, 0), (0, Int.max), (0, Int.min), (-8, 0), (4, 0)] {
            var untouched = RGBImage(width: 4, height: 4, fill: paper)
            untouched.drawCellGlyph("\u{2588}", x: x, y: y, color: ink)
            #expect(untouched == RGBImage(width: 4, height: 4, fill: paper))
        }
    }

    @Test func licenceAndOriginTravelWithTheGlyphs() {
        #expect(CellFont.licence.contains("SIL OPEN FONT LICENSE Version 1.1"))
        #expect(CellFont.licence.contains("Dimitar Toshkov Zhekov"))
        #expect(CellFont.origin.contains("xfonts-terminus"))
        #expect(CellFont.origin.contains("ter-u16n"))
    }
}
