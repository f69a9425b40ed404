/// The 8x16 bitmap font that pictures of terminal frames are drawn with: one glyph fills one
/// character cell, as in a terminal.
///
/// The glyphs are a subset of Terminus Font 4.48 (ter-u16n) by Dimitar Toshkov Zhekov, under
/// the SIL Open Font License 1.1 (``licence``, ``origin``), extracted by `Tools/cellfont.py`
/// from Debian's `xfonts-terminus` package into `CellFontGlyphs.swift`. They cover printable
/// ASCII, Latin-1, Latin Extended-A, most of Greek and Cyrillic, box drawing, the block
/// elements a terminal font has, braille, and the punctuation, arrows and symbols the browser
/// uses (`·`, `│`, `×`, `…`, `→`, `✓`, `✗`, `▶`). Characters without a glyph are drawn as
/// ``fallbackRows``; ``hasGlyph(for:)`` tells which.
public enum CellFont {
    /// Width of every glyph in pixels.
    public static let glyphWidth = 8
    /// Height of every glyph in pixels, descenders included.
    public static let glyphHeight = 16

    /// Returns whether `scalar` has a glyph of its own, as opposed to the fallback.
    public static func hasGlyph(for scalar: Unicode.Scalar) -> Bool {
        table.offsets[scalar.value] != nil
    }

    /// The 16 rows of the glyph for `scalar`, top row first.
    ///
    /// Each row is a bitmask of 8 pixels with bit 7 (0x80) the leftmost column. Scalars
    /// without a glyph yield ``fallbackRows``.
    public static func rows(for scalar: Unicode.Scalar) -> ArraySlice<UInt8> {
        guard let start = table.offsets[scalar.value] else { return fallbackRows[...] }
        return table.rows[start..<(start + glyphHeight)]
    }

    /// Returns whether the pixel at column `x`, row `y` of the glyph for `scalar` is set.
    ///
    /// Coordinates outside the 8x16 cell are never set.
    public static func isPixelSet(_ scalar: Unicode.Scalar, x: Int, y: Int) -> Bool {
        guard (0..<glyphWidth).contains(x), (0..<glyphHeight).contains(y) else { return false }
        let glyph = rows(for: scalar)
        return glyph[glyph.startIndex + y] & (0x80 >> UInt8(x)) != 0
    }

    /// Every scalar with a glyph, in ascending order.
    public static var scalars: [Unicode.Scalar] {
        table.offsets.keys.sorted().compactMap(Unicode.Scalar.init)
    }

    /// What a character without a glyph is drawn as: a box holding a question mark, which no
    /// glyph of the font looks like.
    public static let fallbackRows: [UInt8] = [
        0x00, 0x00, 0x7E, 0x42, 0x5A, 0x66, 0x46, 0x4A,
        0x52, 0x52, 0x42, 0x52, 0x42, 0x7E, 0x00, 0x00,
    ]

    /// The glyphs of ``glyphSource``, decoded once on first use.
    static let table = GlyphTable(parsing: glyphSource)

    /// Glyph rows stored back to back, found by scalar value.
    struct GlyphTable: Sendable {
        /// Where each scalar's 16 rows start in `rows`.
        var offsets: [UInt32: Int] = [:]
        var rows: [UInt8] = []
        /// Lines of ``CellFont/glyphSource`` that were not a well-formed glyph (0 when the
        /// generated file is intact).
        var rejectedLines = 0

        /// Reads lines of `code:hex rows`; a malformed line or a repeated code is skipped.
        init(parsing source: String) {
            for line in source.split(separator: "\n") {
                guard let glyph = Self.glyph(line), offsets[glyph.code] == nil else {
                    rejectedLines += 1
                    continue
                }
                offsets[glyph.code] = rows.count
                rows.append(contentsOf: glyph.rows)
            }
        }

        private static func glyph(_ line: Substring) -> (code: UInt32, rows: [UInt8])? {
            let parts = line.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, let code = UInt32(parts[0], radix: 16) else { return nil }
            let digits = Array(parts[1].utf8)
            guard digits.count == 2 * CellFont.glyphHeight else { return nil }
            var rows: [UInt8] = []
            rows.reserveCapacity(CellFont.glyphHeight)
            for i in stride(from: 0, to: digits.count, by: 2) {
                guard let high = hexValue(digits[i]), let low = hexValue(digits[i + 1]) else { return nil }
                rows.append(high << 4 | low)
            }
            return (code, rows)
        }

        private static func hexValue(_ digit: UInt8) -> UInt8? {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return digit - UInt8(ascii: "A") + 10
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
            default: return nil
            }
        }
    }
}
