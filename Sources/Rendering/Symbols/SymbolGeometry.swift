import Imaging

/// How a symbol set divides a cell: atom boundaries in cell pixels and the glyphs.
///
/// The cell is modelled as 8x16 pixels, the proportions of a usual terminal font, and the
/// boundaries follow the integer split a font renderer uses (a sextant row is 5, 5 and 6
/// pixels). Fitting works on atoms: the smallest rectangles no glyph edge crosses.
public struct SymbolGeometry: Sendable {
    public static let cellWidth = 8
    public static let cellHeight = 16

    /// The pixels a JPEG shown on a `columns` x `rows` grid of cells needs decoded at most:
    /// the cell pixels the atoms are measured in. At 4x8 a cell, `Tools/bench/fidelity.sh`
    /// lost up to 0.6 dB PSNR on a photo of fine detail (skimage's retina); at 8x16, 0.01 dB.
    public static func decodingBox(columns: Int, rows: Int, fill: Bool) -> PixelBox {
        PixelBox(width: columns * cellWidth, height: rows * cellHeight, fill: fill)
    }

    public let set: SymbolSet
    /// Atom column boundaries in cell pixels, from 0 to cellWidth.
    public let columns: [Int]
    /// Atom row boundaries in cell pixels, from 0 to cellHeight.
    public let rows: [Int]
    /// Every glyph, one per distinct mask.
    public let symbols: [Symbol]
    /// One glyph per foreground/background split: a mask and its complement differ only by
    /// swapping the two colours, so colour modes search these alone.
    public let splits: [Symbol]
    private let scalarByMask: [UInt64: Unicode.Scalar]
    /// The same lookup as a flat table for geometries of at most 8 atoms.
    private let scalarTable: [Unicode.Scalar]

    init(set: SymbolSet, columns: [Int], rows: [Int], symbols: [Symbol]) {
        self.set = set
        self.columns = columns
        self.rows = rows
        self.symbols = symbols
        let atoms = (columns.count - 1) * (rows.count - 1)
        let full: UInt64 = atoms >= 64 ? ~0 : (1 << UInt64(atoms)) - 1
        var seen = Set<UInt64>()
        self.splits = symbols.filter { seen.insert(min($0.mask, full & ~$0.mask)).inserted }
        let byMask = Dictionary(symbols.map { ($0.mask, $0.scalar) }, uniquingKeysWith: { first, _ in first })
        self.scalarByMask = byMask
        self.scalarTable = atoms <= 8 ? (0..<(1 << atoms)).map { byMask[UInt64($0)] ?? " " } : []
    }

    /// The glyph drawing exactly `mask` (a space when none does).
    @inline(__always)
    public func scalar(for mask: UInt64) -> Unicode.Scalar {
        mask < UInt64(scalarTable.count) ? scalarTable[Int(mask)] : scalarByMask[mask] ?? " "
    }

    /// The glyph chosen for a split (one of `splits`).
    @inline(__always)
    func scalar(forSplit mask: UInt64) -> Unicode.Scalar { scalar(for: mask) }

    public var atomColumns: Int { columns.count - 1 }
    public var atomRows: Int { rows.count - 1 }
    public var atomCount: Int { atomColumns * atomRows }

    /// Area of atom i in cell pixels.
    public func atomArea(_ i: Int) -> Int {
        let c = i % atomColumns, r = i / atomColumns
        return (columns[c + 1] - columns[c]) * (rows[r + 1] - rows[r])
    }

    /// The geometry of a symbol set (computed once and cached).
    public static func of(_ set: SymbolSet) -> SymbolGeometry {
        switch set {
        case .half: return half
        case .quad: return quad
        case .sextant: return sextant
        case .braille: return braille
        case .blocks: return blocks
        case .ascii: return ascii
        }
    }

    private static let half = SymbolGeometry(
        set: .half, columns: [0, 4, 8], rows: [0, 8, 16],
        symbols: dedupe([(" ", 0), ("\u{2580}", 0b0011), ("\u{2584}", 0b1100), ("\u{258C}", 0b0101), ("\u{2590}", 0b1010),
                          ("\u{2588}", 0b1111)]))

    private static let quad = SymbolGeometry(
        set: .quad, columns: [0, 4, 8], rows: [0, 8, 16], symbols: dedupe(quadrantGlyphs))

    private static let sextant = SymbolGeometry(
        set: .sextant, columns: [0, 4, 8], rows: [0, 5, 10, 16],
        symbols: dedupe((0..<64).map { (sextantScalar($0), UInt64($0)) }))

    private static let braille = SymbolGeometry(
        set: .braille, columns: [0, 4, 8], rows: [0, 4, 8, 12, 16],
        symbols: dedupe((0..<256).map { bits in
            // Braille dot numbering: dots 1-3 and 7 in the left column, 4-6 and 8 in the right.
            let position = [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2), (0, 3), (1, 3)]
            var mask: UInt64 = 0
            for i in 0..<8 where bits >> i & 1 == 1 {
                let (x, y) = position[i]
                mask |= 1 << UInt64(y * 2 + x)
            }
            return (String(Unicode.Scalar(0x2800 + UInt32(bits)) ?? " "), mask)
        }))

    private static let blocks: SymbolGeometry = {
        let columns = Array(0...8), rows = Array(stride(from: 0, through: 16, by: 2))
        func region(x0: Int, x1: Int, y0: Int, y1: Int) -> UInt64 {
            var mask: UInt64 = 0
            for r in 0..<8 where rows[r] >= y0 && rows[r + 1] <= y1 {
                for c in 0..<8 where columns[c] >= x0 && columns[c + 1] <= x1 {
                    mask |= 1 << UInt64(r * 8 + c)
                }
            }
            return mask
        }
        var glyphs: [(String, UInt64)] = [(" ", 0)]
        for (scalar, quadMask) in quadrantGlyphs where quadMask != 0 {
            var mask: UInt64 = 0
            for q in 0..<4 where quadMask >> q & 1 == 1 {
                let qx = q % 2, qy = q / 2
                mask |= region(x0: qx * 4, x1: qx * 4 + 4, y0: qy * 8, y1: qy * 8 + 8)
            }
            glyphs.append((scalar, mask))
        }
        for k in 1...7 {
            // U+2581..2587: lower k/8; U+2589..258F: left (8-k)/8, as fonts draw them.
            glyphs.append((String(Unicode.Scalar(0x2580 + UInt32(k)) ?? " "), region(x0: 0, x1: 8, y0: 16 - 2 * k, y1: 16)))
            glyphs.append((String(Unicode.Scalar(0x2588 + UInt32(k)) ?? " "), region(x0: 0, x1: 8 - k, y0: 0, y1: 16)))
        }
        glyphs.append(("\u{2594}", region(x0: 0, x1: 8, y0: 0, y1: 2)))
        glyphs.append(("\u{2595}", region(x0: 7, x1: 8, y0: 0, y1: 16)))
        return SymbolGeometry(set: .blocks, columns: columns, rows: rows, symbols: dedupe(glyphs))
    }()

    /// Printable ASCII characters as coverage masks on a 2x3 atom grid (bit 0 top-left,
    /// 1 top-right, 2 middle-left, 3 middle-right, 4 bottom-left, 5 bottom-right).
    ///
    /// Each character stands for the atoms its ink mostly covers in a usual terminal font:
    /// `"` the top third (its two ticks), `-` the middle third, `_` the bottom third, `[`
    /// and `]` the left and right halves, `L`, `J`, `F` and `7` a half and a third meeting
    /// at a corner, `#` the whole cell. The rows split 5, 6 and 5 pixels so that `-` sits
    /// on the middle one. The space comes first, so in colour modes (where a glyph and its
    /// complement are one split) flat colour is a space in the background colour, and a
    /// box edge, rasterised onto atoms like any overlay, becomes `-`, `_`, `"`, `[`, `]`
    /// and corner letters.
    private static let ascii = SymbolGeometry(
        set: .ascii, columns: [0, 4, 8], rows: [0, 5, 11, 16],
        symbols: dedupe([(" ", 0), ("\"", 0b000011), ("-", 0b001100), ("_", 0b110000), ("[", 0b010101), ("]", 0b101010),
                          ("L", 0b110101), ("J", 0b111010), ("F", 0b010111), ("7", 0b101011), ("#", 0b111111)]))

    /// Quadrant glyphs by mask (bit 0 top-left, 1 top-right, 2 bottom-left, 3 bottom-right).
    static let quadrantGlyphs: [(String, UInt64)] = [
        (" ", 0), ("\u{2598}", 1), ("\u{259D}", 2), ("\u{2580}", 3), ("\u{2596}", 4), ("\u{258C}", 5),
        ("\u{259E}", 6), ("\u{259B}", 7), ("\u{2597}", 8), ("\u{259A}", 9), ("\u{2590}", 10),
        ("\u{259C}", 11), ("\u{2584}", 12), ("\u{2599}", 13), ("\u{259F}", 14), ("\u{2588}", 15),
    ]

    /// The glyph for a sextant bit pattern (bit 0 top-left ... bit 5 bottom-right).
    static func sextantScalar(_ bits: Int) -> String {
        switch bits {
        case 0: return " "
        case 63: return "\u{2588}"
        case 21: return "\u{258C}"
        case 42: return "\u{2590}"
        default:
            // U+1FB00.. enumerates patterns 1..62 skipping the two half blocks.
            var index = bits - 1
            if bits > 21 { index -= 1 }
            if bits > 42 { index -= 1 }
            return String(Unicode.Scalar(0x1FB00 + UInt32(index)) ?? " ")
        }
    }

    /// Keeps the first glyph for each mask.
    private static func dedupe(_ glyphs: [(String, UInt64)], atoms: Int? = nil) -> [Symbol] {
        var seen = Set<UInt64>()
        var out: [Symbol] = []
        for (text, mask) in glyphs {
            if seen.insert(mask).inserted, let scalar = text.unicodeScalars.first {
                out.append(Symbol(scalar: scalar, mask: mask))
            }
        }
        return out
    }
}
