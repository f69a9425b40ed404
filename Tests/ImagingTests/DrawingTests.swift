import Imaging
import Testing

/// A pixel position, so painted areas can be compared as sets.
private struct Point: Hashable, CustomStringConvertible {
    let x: Int
    let y: Int
    init(_ x: Int, _ y: Int) {
        self.x = x
        self.y = y
    }
    var description: String { "(\(x), \(y))" }
}

private let red = RGBColor(255, 0, 0)
private let blue = RGBColor(0, 0, 255)

/// Every position in `image` whose colour is `color`.
private func points(in image: RGBImage, matching color: RGBColor) -> Set<Point> {
    var result = Set<Point>()
    for y in 0..<image.height {
        for x in 0..<image.width where image[x, y] == color {
            result.insert(Point(x, y))
        }
    }
    return result
}

/// All positions of the rectangle `xs` x `ys`.
private func grid(_ xs: some Sequence<Int>, _ ys: some Sequence<Int>) -> Set<Point> {
    var result = Set<Point>()
    for y in ys {
        for x in xs { result.insert(Point(x, y)) }
    }
    return result
}

/// The glyph for "A" as designed, written out independently of the font table.
private let glyphA = [
    ".###.",
    "#...#",
    "#...#",
    "#...#",
    "#####",
    "#...#",
    "#...#",
]

// MARK: - fill

@Test func fillPaintsExactlyTheHalfOpenRectangle() {
    var image = RGBImage(width: 10, height: 8)
    image.fill(x0: 2, y0: 3, x1: 5, y1: 6, color: red)
    #expect(points(in: image, matching: red) == grid(2..<5, 3..<6))
    #expect(points(in: image, matching: red).count == 9)
}

@Test func fillClipsToTheImage() {
    var image = RGBImage(width: 10, height: 8)
    image.fill(x0: -5, y0: -5, x1: 3, y1: 2, color: red)
    #expect(points(in: image, matching: red) == grid(0..<3, 0..<2))

    var corner = RGBImage(width: 10, height: 8)
    corner.fill(x0: 8, y0: 6, x1: 100, y1: 100, color: red)
    #expect(points(in: corner, matching: red) == grid(8..<10, 6..<8))

    var whole = RGBImage(width: 10, height: 8)
    whole.fill(x0: .min, y0: .min, x1: .max, y1: .max, color: red)
    #expect(points(in: whole, matching: red).count == 80)
}

@Test func fillIgnoresEmptyAndInvertedRectangles() {
    let original = RGBImage(width: 10, height: 8)
    var image = original
    image.fill(x0: 5, y0: 5, x1: 2, y1: 2, color: red)
    image.fill(x0: 3, y0: 1, x1: 3, y1: 7, color: red)
    image.fill(x0: 1, y0: 4, x1: 9, y1: 4, color: red)
    image.fill(x0: .max, y0: .max, x1: .min, y1: .min, color: red)
    #expect(image == original)
}

// MARK: - strokeRectangle

@Test func strokeWithThicknessOnePaintsTheOuterPixels() {
    // Columns 2...9 and rows 3...7, whether the box is on pixel boundaries or not.
    let expected = grid(2...9, [3, 7]).union(grid([2, 9], 3...7))
    for box in [(2.0, 3.0, 10.0, 8.0), (2.5, 3.2, 9.1, 7.9), (10.0, 8.0, 2.0, 3.0)] {
        var image = RGBImage(width: 20, height: 20)
        image.strokeRectangle(x1: box.0, y1: box.1, x2: box.2, y2: box.3, color: red, thickness: 1)
        #expect(points(in: image, matching: red) == expected, "box \(box)")
    }
}

@Test func strokeWithThicknessTwoGrowsInward() {
    var image = RGBImage(width: 20, height: 20)
    image.strokeRectangle(x1: 2, y1: 3, x2: 10, y2: 9, color: red)
    // Box covers columns 2...9 and rows 3...8; the default thickness is 2.
    let expected = grid(2...9, [3, 4, 7, 8]).union(grid([2, 3, 8, 9], 3...8))
    #expect(points(in: image, matching: red) == expected)
    #expect(image[5, 5] == .black)
}

@Test func strokeNarrowerThanTwoLinesIsSolid() {
    var image = RGBImage(width: 10, height: 10)
    image.strokeRectangle(x1: 1, y1: 1, x2: 4, y2: 3, color: red, thickness: 2)
    #expect(points(in: image, matching: red) == grid(1...3, 1...2))
}

@Test func strokeOfAZeroSizeBoxStaysVisible() {
    var image = RGBImage(width: 10, height: 10)
    image.strokeRectangle(x1: 3, y1: 4, x2: 3, y2: 4, color: red)
    #expect(points(in: image, matching: red) == [Point(3, 4)])
}

@Test func strokeDashedFollowsThePatternAlongEachEdge() {
    var image = RGBImage(width: 12, height: 8)
    image.strokeRectangle(x1: 0, y1: 0, x2: 10, y2: 6, color: red, thickness: 1, dash: (on: 2, off: 3))
    // Along 10 px: on 0, 1; off 2...4; on 5, 6; off 7...9. Along 6 px: on 0, 1 and 5.
    let horizontal = grid([0, 1, 5, 6], [0, 5])
    let vertical = grid([0, 9], [0, 1, 5])
    #expect(points(in: image, matching: red) == horizontal.union(vertical))
}

@Test func strokeDashIsAnchoredAtTheBoxEvenWhenClipped() {
    var image = RGBImage(width: 8, height: 8)
    image.strokeRectangle(x1: -3, y1: 0, x2: 7, y2: 4, color: red, thickness: 1, dash: (on: 2, off: 2))
    // Top edge from x = -3: on -3, -2; off -1, 0; on 1, 2; off 3, 4; on 5, 6.
    let topRow = Set(points(in: image, matching: red).filter { $0.y == 0 }.map(\.x))
    #expect(topRow == [1, 2, 5, 6])
}

@Test func strokeWithNonFiniteCoordinatesDrawsNothing() {
    let original = RGBImage(width: 10, height: 10)
    var image = original
    image.strokeRectangle(x1: .nan, y1: 1, x2: 5, y2: 5, color: red)
    image.strokeRectangle(x1: 1, y1: 1, x2: .nan, y2: .nan, color: red)
    image.strokeRectangle(x1: -.infinity, y1: 1, x2: 5, y2: 5, color: red)
    image.strokeRectangle(x1: 1, y1: 1, x2: 5, y2: .infinity, color: red)
    #expect(image == original)
}

@Test func strokeWithNonPositiveThicknessOrOnLengthDrawsNothing() {
    let original = RGBImage(width: 10, height: 10)
    var image = original
    image.strokeRectangle(x1: 1, y1: 1, x2: 8, y2: 8, color: red, thickness: 0)
    image.strokeRectangle(x1: 1, y1: 1, x2: 8, y2: 8, color: red, thickness: -3)
    image.strokeRectangle(x1: 1, y1: 1, x2: 8, y2: 8, color: red, dash: (on: 0, off: 4))
    #expect(image == original)
}

// MARK: - Text

@Test func drawTextMatchesTheGlyphPixelByPixel() {
    var image = RGBImage(width: 9, height: 10)
    let width = image.drawText("A", x: 2, y: 1, color: red, background: nil)
    #expect(width == 5)
    for y in 0..<image.height {
        for x in 0..<image.width {
            let (column, row) = (x - 2, y - 1)
            let inGlyph = (0..<5).contains(column) && (0..<7).contains(row)
            let designed = inGlyph && Array(glyphA[row])[column] == "#"
            #expect((image[x, y] == red) == designed, "pixel (\(x), \(y))")
            #expect(BitmapFont.isPixelSet("A", x: column, y: row) == designed)
        }
    }
}

@Test func drawTextScalesEachFontPixelToABlock() {
    var image = RGBImage(width: 12, height: 16)
    let width = image.drawText("A", x: 1, y: 1, color: red, background: nil, scale: 2)
    #expect(width == 10)
    var expected = Set<Point>()
    for (row, line) in glyphA.enumerated() {
        for (column, pixel) in line.enumerated() where pixel == "#" {
            expected.formUnion(grid((1 + column * 2)..<(3 + column * 2), (1 + row * 2)..<(3 + row * 2)))
        }
    }
    #expect(points(in: image, matching: red) == expected)
}

@Test func drawTextBackgroundCoversTheTextWithPadding() {
    var image = RGBImage(width: 20, height: 12)
    image.drawText("Hi", x: 2, y: 2, color: red, background: blue)
    // "Hi" is 11 x 7; the padded box is [1, 14) x [1, 10).
    let painted = points(in: image, matching: red).union(points(in: image, matching: blue))
    #expect(painted == grid(1..<14, 1..<10))
    #expect(!points(in: image, matching: red).isEmpty)
}

@Test func drawTextClipsPartlyVisibleText() {
    var image = RGBImage(width: 9, height: 10)
    let width = image.drawText("A", x: -2, y: -1, color: red, background: nil)
    #expect(width == 5)
    var expected = Set<Point>()
    for (row, line) in glyphA.enumerated() {
        for (column, pixel) in line.enumerated() where pixel == "#" && column >= 2 && row >= 1 {
            expected.insert(Point(column - 2, row - 1))
        }
    }
    #expect(points(in: image, matching: red) == expected)
}

@Test func unknownCharactersDrawTheFallbackBox() {
    var image = RGBImage(width: 7, height: 9)
    image.drawText("é", x: 1, y: 1, color: red, background: nil)
    // Rows 1...5 of the cell: a 5 x 5 hollow box.
    let expected = grid(1...5, [2, 6]).union(grid([1, 5], 2...6))
    #expect(points(in: image, matching: red) == expected)
    #expect(!BitmapFont.hasGlyph(for: "é"))
    #expect(!BitmapFont.hasGlyph(for: "\n"))
}

@Test func textSizeCountsGlyphsAndSpacing() {
    #expect(RGBImage.textSize("") == (0, 0))
    #expect(RGBImage.textSize("A") == (5, 7))
    #expect(RGBImage.textSize("abc") == (17, 7))
    #expect(RGBImage.textSize("abc", scale: 2) == (34, 14))
    #expect(RGBImage.textSize("abc", scale: 0) == (17, 7))
    #expect(RGBImage.textSize("né") == (11, 7))
}

// MARK: - Off-image drawing

@Test func drawingEntirelyOutsideTheImageChangesNothing() {
    let original = RGBImage(width: 10, height: 10, fill: RGBColor(10, 20, 30))
    var image = original
    image.fill(x0: 10, y0: 0, x1: 20, y1: 10, color: red)
    image.fill(x0: -10, y0: -10, x1: 0, y1: 0, color: red)
    image.strokeRectangle(x1: 100, y1: 100, x2: 200, y2: 200, color: red)
    image.strokeRectangle(x1: -50, y1: -50, x2: -10, y2: -10, color: red, dash: (on: 3, off: 1))
    image.strokeRectangle(x1: -1e300, y1: -1e300, x2: 1e300, y2: 1e300, color: red, dash: (on: 1, off: 1))
    image.strokeRectangle(x1: 1e300, y1: 1, x2: 1e301, y2: 5, color: red, thickness: .max)
    image.drawText("outside", x: -100, y: 0, color: red, background: blue)
    image.drawText("below", x: 0, y: 11, color: red, background: blue)
    image.drawText("far", x: .max - 3, y: .min, color: red, background: blue, scale: .max)
    image.drawText("left", x: .min, y: 0, color: red, background: blue, scale: 3)
    #expect(image == original)
}

// MARK: - Font table

@Test func fontCoversPrintableASCIIWithDistinctGlyphs() {
    var seen = Set<[UInt8]>()
    for code in UInt8(0x20)...UInt8(0x7E) {
        let character = Character(Unicode.Scalar(code))
        #expect(BitmapFont.hasGlyph(for: character))
        let rows = Array(BitmapFont.rows(for: character))
        #expect(rows.count == BitmapFont.glyphHeight)
        #expect(rows.allSatisfy { $0 < 0x20 }, "glyph \(character) uses more than 5 columns")
        #expect(seen.insert(rows).inserted, "glyph \(character) duplicates another")
        #expect((code == 0x20) == rows.allSatisfy { $0 == 0 }, "only space is blank")
    }
}

struct LineDrawingTests {
    @Test func lineCoversItsPixelsAndClips() {
        var image = RGBImage(width: 10, height: 4, fill: .white)
        image.drawLine(x0: -3, y0: 1, x1: 20, y1: 1, color: .black, thickness: 1)
        for x in 0..<10 {
            #expect(image.pixels[(1 * 10 + x) * 3] == 0)
            #expect(image.pixels[(0 * 10 + x) * 3] == 255 && image.pixels[(2 * 10 + x) * 3] == 255)
        }
    }
}
