import Imaging

/// Paints a cell grid as a terminal would show it, into an image of 8x16 pixels a cell:
/// block, sextant and braille glyphs by their coverage, other characters with the built-in
/// bitmap font. Used for PNG snapshots of what dhscope draws.
public enum CellGridPainter {
    /// The picture of `grid`; default colours become the theme's foreground and background.
    public static func paint(_ grid: CellGrid, theme: Theme = .dark) -> RGBImage {
        let cw = SymbolGeometry.cellWidth, ch = SymbolGeometry.cellHeight
        var image = RGBImage(width: max(1, grid.columns * cw), height: max(1, grid.rows * ch), fill: theme.background)
        let masks = glyphMasks()
        for row in 0..<grid.rows {
            for column in 0..<grid.columns {
                let cell = grid[column, row]
                var fg = rgb(cell.foreground, fallback: theme.foreground)
                var bg = rgb(cell.background, fallback: theme.background)
                if cell.attributes.contains(.reverse) { swap(&fg, &bg) }
                let x0 = column * cw, y0 = row * ch
                image.fill(x0: x0, y0: y0, x1: x0 + cw, y1: y0 + ch, color: bg)
                if let (geometry, mask) = masks[cell.scalar] {
                    for y in 0..<ch {
                        let ay = (1..<geometry.rows.count).first { y < geometry.rows[$0] }.map { $0 - 1 } ?? 0
                        for x in 0..<cw {
                            let ax = (1..<geometry.columns.count).first { x < geometry.columns[$0] }.map { $0 - 1 } ?? 0
                            if mask >> UInt64(ay * geometry.atomColumns + ax) & 1 == 1 { image[x0 + x, y0 + y] = fg }
                        }
                    }
                } else if cell.scalar != " " {
                    image.drawText(String(Character(cell.scalar)), x: x0 + 1, y: y0 + 4, color: fg, background: nil)
                }
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

    /// Every glyph dhscope draws images with, and its coverage in its own geometry.
    private static func glyphMasks() -> [Unicode.Scalar: (SymbolGeometry, UInt64)] {
        var out: [Unicode.Scalar: (SymbolGeometry, UInt64)] = [:]
        // Finest geometries last so a glyph shared by several sets gets the exact mask.
        for set in [SymbolSet.half, .quad, .sextant, .braille, .blocks] {
            let geometry = SymbolGeometry.of(set)
            for symbol in geometry.symbols { out[symbol.scalar] = (geometry, symbol.mask) }
        }
        return out
    }
}
