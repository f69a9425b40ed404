extension RGBImage {
    /// Paints the glyph of the ``CellFont`` for `scalar` with its top-left corner at
    /// (`x`, `y`): its set pixels in `color`, the others left as they are. Pixels outside the
    /// image are skipped. A scalar without a glyph is drawn as ``CellFont/fallbackRows``.
    public mutating func drawCellGlyph(_ scalar: Unicode.Scalar, x: Int, y: Int, color: RGBColor) {
        drawCellRows(CellFont.rows(for: scalar), x: x, y: y, color: color)
    }

    /// Paints a bitmap laid out as the ``CellFont``'s glyphs (a row a byte, bit 7 the left
    /// column, top row first) with its top-left corner at (`x`, `y`): its set pixels in
    /// `color`, the others left as they are. Pixels outside the image are skipped.
    public mutating func drawCellRows(_ rows: ArraySlice<UInt8>, x: Int, y: Int, color: RGBColor) {
        // Beyond these bounds nothing lands in the image; within them the sums cannot overflow.
        guard x < width, y < height, x > -CellFont.glyphWidth, y > -rows.count else { return }
        for (row, bits) in rows.enumerated() where bits != 0 {
            let py = y + row
            guard py >= 0, py < height else { continue }
            for column in 0..<CellFont.glyphWidth where bits & (0x80 >> UInt8(column)) != 0 {
                let px = x + column
                if px >= 0, px < width { self[px, py] = color }
            }
        }
    }
}
