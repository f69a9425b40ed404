import Imaging
import Rendering
import Testing

/// The pixels of cell (`column`, `row`) of a painted grid, as "#" (foreground) and "."
/// (background) rows, so expectations read like the glyphs.
private func cellPicture(_ image: RGBImage, column: Int, row: Int, foreground: RGBColor) -> [String] {
    (0..<16).map { y in
        String((0..<8).map { x in image[column * 8 + x, row * 16 + y] == foreground ? "#" : "." })
    }
}

private let ink = RGBColor(250, 200, 100), paper = RGBColor(0, 0, 64)

private func grid(_ text: String, attributes: CellAttributes = []) -> CellGrid {
    var grid = CellGrid(columns: text.unicodeScalars.count, rows: 1)
    grid.write(text, column: 0, row: 0, foreground: .rgb(ink), background: .rgb(paper), attributes: attributes)
    return grid
}

struct CellGridPainterTests {
    @Test func textIsDrawnWithTheTerminalFontsGlyphsOneACell() {
        let image = CellGridPainter.paint(grid("g\u{00D7}\u{2502}"))
        #expect(image.width == 24 && image.height == 16)
        // Terminus ter-u16n as pcf2bdf prints it: g 00000000003E42424242423E02023C00,
        // × 00000000004224181824420000000000, │ 10 on every row.
        #expect(cellPicture(image, column: 0, row: 0, foreground: ink) == [
            "........", "........", "........", "........", "........",
            "..#####.", ".#....#.", ".#....#.", ".#....#.", ".#....#.", ".#....#.", "..#####.",
            "......#.", "......#.", "..####..", "........",
        ])
        #expect(cellPicture(image, column: 1, row: 0, foreground: ink) == [
            "........", "........", "........", "........", "........",
            ".#....#.", "..#..#..", "...##...", "...##...", "..#..#..", ".#....#.",
            "........", "........", "........", "........", "........",
        ])
        #expect(cellPicture(image, column: 2, row: 0, foreground: ink) == Array(repeating: "...#....", count: 16))
        // Every pixel is one of the two colours.
        for y in 0..<16 { for x in 0..<24 { #expect(image[x, y] == ink || image[x, y] == paper) } }
    }

    @Test func reverseVideoSwapsTheColours() {
        let image = CellGridPainter.paint(grid("\u{2502}", attributes: [.reverse]))
        #expect(cellPicture(image, column: 0, row: 0, foreground: paper) == Array(repeating: "...#....", count: 16))
    }

    @Test func imageGlyphsArePaintedFromTheirCoverage() {
        // ▌ left half; U+1FB00 sextant 1 (top-left sixth: x 0..<4, y 0..<5); ⣿ all eight dots,
        // each filling its 4x4 sub-cell; ▂ lower quarter.
        let image = CellGridPainter.paint(grid("\u{258C}\u{1FB00}\u{28FF}\u{2582}"))
        #expect(cellPicture(image, column: 0, row: 0, foreground: ink) == Array(repeating: "####....", count: 16))
        #expect(cellPicture(image, column: 1, row: 0, foreground: ink)
                == Array(repeating: "####....", count: 5) + Array(repeating: "........", count: 11))
        #expect(cellPicture(image, column: 2, row: 0, foreground: ink) == Array(repeating: "########", count: 16))
        #expect(cellPicture(image, column: 3, row: 0, foreground: ink)
                == Array(repeating: "........", count: 12) + Array(repeating: "########", count: 4))
    }

    @Test func charactersWithoutAGlyphShowTheFallbackAndAreReported() {
        let missing: Unicode.Scalar = "\u{1F600}"
        #expect(!CellGridPainter.drawsGlyph(for: missing))
        let image = CellGridPainter.paint(grid(String(missing)))
        let expected = CellFont.fallbackRows.map { bits in
            String((0..<8).map { bits & (0x80 >> UInt8($0)) != 0 ? "#" : "." })
        }
        #expect(cellPicture(image, column: 0, row: 0, foreground: ink) == expected)
        for scalar in [" ", "g", "\u{2502}", "\u{1FB00}", "\u{2598}", "\u{28FF}"] as [Unicode.Scalar] {
            #expect(CellGridPainter.drawsGlyph(for: scalar), "U+\(String(scalar.value, radix: 16))")
        }
    }

    @Test func theFontFillsTheCellModel() {
        #expect(CellFont.glyphWidth == SymbolGeometry.cellWidth)
        #expect(CellFont.glyphHeight == SymbolGeometry.cellHeight)
    }
}
