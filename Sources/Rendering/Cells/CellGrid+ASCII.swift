/// The characters a terminal is assumed to draw.
public enum GlyphRepertoire: String, Sendable {
    /// Everything (a UTF-8 terminal with a modern font).
    case unicode
    /// The Linux console: its fonts hold at most 512 glyphs (ASCII, Latin-1, box drawing,
    /// block elements, arrows), no braille or check marks.
    case linuxConsole
    /// Printable ASCII only (no UTF-8 locale, or a DEC VT terminal).
    case ascii

    /// Whether `scalar` is drawn as itself.
    public func contains(_ scalar: Unicode.Scalar) -> Bool {
        switch self {
        case .unicode: return true
        case .ascii: return scalar.isPrintableASCII
        case .linuxConsole:
            switch scalar.value {
            case 0x20..<0x7F, 0xA0...0xFF, 0x2190...0x2193, 0x2500...0x259F: return true
            default: return false
            }
        }
    }
}

extension CellGrid {
    /// The grid with every character outside printable ASCII replaced by an ASCII stand-in.
    public func asciiOnly() -> CellGrid { restricted(to: .ascii) }

    /// The grid with every character `repertoire` lacks replaced by an ASCII stand-in
    /// (``Unicode/Scalar/asciiStandIn``): where the locale is not UTF-8 ncurses cannot show
    /// wide characters at all, and a stand-in beats a blank or a wrong glyph.
    public func restricted(to repertoire: GlyphRepertoire) -> CellGrid {
        if repertoire == .unicode { return self }
        var copy = self
        for row in 0..<rows {
            for column in 0..<columns where !repertoire.contains(self[column, row].scalar) {
                copy[column, row].scalar = self[column, row].scalar.asciiStandIn
            }
        }
        return copy
    }
}

extension Unicode.Scalar {
    /// Space through tilde.
    public var isPrintableASCII: Bool { value >= 0x20 && value < 0x7F }

    /// A printable ASCII character that reads like this one: box drawing as `+ - |`, bars and
    /// blocks as `#`, arrows as `> < ^ v`, the spinner's braille as `*`; `?` for anything else.
    public var asciiStandIn: Unicode.Scalar {
        if isPrintableASCII { return self }
        switch value {
        case 0x00D7: return "x"                      // ×
        case 0x00B7, 0x2026: return "."              // · …
        case 0x2502, 0x2503, 0x2551: return "|"      // │ ┃ ║
        case 0x2500, 0x2501, 0x2550: return "-"      // ─ ━ ═
        case 0x250C...0x254B, 0x2552...0x256C: return "+"  // corners and tees
        case 0x2190: return "<"
        case 0x2191: return "^"
        case 0x2192: return ">"
        case 0x2193: return "v"
        case 0x25B6, 0x25B8, 0x25BA: return ">"      // ▶ ▸ ►
        case 0x2713, 0x2714: return "+"              // ✓
        case 0x2717, 0x2718: return "x"              // ✗
        case 0x2580...0x259F: return "#"             // block elements and bars
        case 0x1FB00...0x1FB3B: return "#"           // sextants
        case 0x2800...0x28FF: return "*"             // braille (the spinner)
        case 0x2264: return "<"                      // ≤
        case 0x2265: return ">"                      // ≥
        case 0x0394: return "D"                      // Δ
        default: return "?"
        }
    }
}
