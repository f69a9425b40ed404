/// The families of glyphs a cell can be drawn with, from coarse to fine.
public enum SymbolSet: String, CaseIterable, Sendable {
    /// Upper/lower and left/right half blocks: 2 regions a cell.
    case half
    /// Quadrant blocks: 2x2.
    case quad
    /// Sextants (Unicode 13 legacy computing): 2x3.
    case sextant
    /// Braille dots, each filling its 2x4 sub-cell.
    case braille
    /// Quadrants, halves and eighth blocks: fine edges on an 8x8 atom grid.
    case blocks
    /// Printable ASCII only (`"-_[]LJF7#`), for terminals and locales without UTF-8: 2x3
    /// regions a cell, fitted like every other set.
    case ascii

    /// Whether every glyph of the set (and so every character a render with it writes) is
    /// printable ASCII.
    public var isASCII: Bool { self == .ascii }
}

/// One glyph and the atoms of the cell it paints in the foreground colour.
public struct Symbol: Sendable, Equatable {
    public let scalar: Unicode.Scalar
    /// Bit i set: atom i is foreground. Atoms are numbered row-major.
    public let mask: UInt64
}
