import Imaging

/// Paints a cell grid as a terminal would show it, into an image of 8x16 pixels a cell:
/// block, sextant and braille glyphs by their coverage (the cell model dhscope fits images
/// with), other characters with the 8x16 ``CellFont``. Used for PNG snapshots of what dhscope
/// draws.
public enum CellGridPainter {
    /// Returns whether `scalar` is painted as itself, from its coverage or with a glyph of the
    /// cell font, as opposed to the font's fallback box.
    public static func drawsGlyph(for scalar: Unicode.Scalar) -> Bool {
        scalar == " " || coverage[scalar] != nil || CellFont.hasGlyph(for: scalar)
    }

    /// The picture of `grid`; default colours become the theme's foreground and background.
    public static func paint(_ grid: CellGrid, theme: Theme = .dark) -> RGBImage {
        let cw = SymbolGeometry.cellWidth, ch = SymbolGeometry.cellHeight
        var image = RGBImage(width: max(1, grid.columns * cw), height: max(1, grid.rows * ch), fill: theme.background)
        for row in 0..<grid.rows {
            for column in 0..<grid.columns {
                let cell = grid[column, row]
                var fg = rgb(cell.foreground, fallback: theme.foreground)
                var bg = rgb(cell.background, fallback: theme.background)
                if cell.attributes.contains(.reverse) { swap(&fg, &bg) }
                let x0 = column * cw, y0 = row * ch
                image.fill(x0: x0, y0: y0, x1: x0 + cw, y1: y0 + ch, color: bg)
                if cell.scalar == " " { continue }
                let glyph = coverage[cell.scalar].map { $0[...] } ?? CellFont.rows(for: cell.scalar)
                image.drawCellRows(glyph, x: x0 + (cw - CellFont.glyphWidth) / 2, y: y0 + (ch - CellFont.glyphHeight) / 2,
                                   color: fg)
            }
        }
        return image
    }

    private static func rgb(_ color: TerminalColor, fallback: RGBColor) -> RGBColor {
        switch color {
        case .default: return fallback
        case .rgb(let c): return c
        case .indexed(let n): return Palette.xterm256(n)
        }
    }

    /// Every glyph dhscope draws images with, as the 8x16 bitmap of its coverage in its own
    /// geometry (rows laid out as the cell font's).
    private static let coverage: [Unicode.Scalar: [UInt8]] = {
        let cw = SymbolGeometry.cellWidth, ch = SymbolGeometry.cellHeight
        var out: [Unicode.Scalar: [UInt8]] = [:]
        // Finest geometries last so a glyph shared by several sets gets the exact mask.
        for set in [SymbolSet.half, .quad, .sextant, .braille, .blocks] {
            let geometry = SymbolGeometry.of(set)
            // The atom column and row of each pixel: the last boundary at or before it.
            let atomColumn = (0..<cw).map { x in (geometry.columns.lastIndex { $0 <= x } ?? 0) }
            let atomRow = (0..<ch).map { y in (geometry.rows.lastIndex { $0 <= y } ?? 0) }
            for symbol in geometry.symbols {
                out[symbol.scalar] = atomRow.map { ay in
                    var bits: UInt8 = 0
                    for (x, ax) in atomColumn.enumerated() where symbol.mask >> UInt64(ay * geometry.atomColumns + ax) & 1 == 1 {
                        bits |= 0x80 >> UInt8(x)
                    }
                    return bits
                }
            }
        }
        return out
    }()
}
