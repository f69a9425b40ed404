/// Turns a cell grid into ANSI text, emitting only the SGR changes each cell needs.
public struct AnsiWriter: Sendable {
    public var mode: ColorMode

    public init(mode: ColorMode) {
        self.mode = mode
    }

    /// Each row ends with a reset (when anything is set) and a newline.
    public func render(_ grid: CellGrid) -> String {
        String(decoding: renderUTF8(grid), as: UTF8.self)
    }

    /// The same text as UTF-8 bytes, without building a String (the fast path for output).
    public func renderUTF8(_ grid: CellGrid) -> [UInt8] {
        var out = ByteSink()
        out.bytes.reserveCapacity(grid.columns * grid.rows * 24)
        grid.cells.withUnsafeBufferPointer { cells in
            for row in 0..<grid.rows {
                var state = State()
                for column in 0..<grid.columns {
                    emit(cells[row * grid.columns + column], state: &state, into: &out)
                }
                if !state.isPlain { out.append("\u{1B}[0m") }
                out.bytes.append(0x0A)
            }
        }
        return out.bytes
    }

    private struct State {
        var foreground: TerminalColor = .default
        var background: TerminalColor = .default
        var attributes: CellAttributes = []
        var isPlain: Bool { foreground == .default && background == .default && attributes.isEmpty }
    }

    @inline(__always)
    private func emit(_ cell: Cell, state: inout State, into out: inout ByteSink) {
        var fg = mode == .none ? .default : cell.foreground
        var bg = mode == .none ? .default : cell.background
        // A space shows no foreground and a full block no background: keep what is set.
        if cell.scalar == " " && cell.attributes.isEmpty { fg = state.foreground }
        if cell.scalar == "\u{2588}" { bg = state.background }
        var open = false
        func separator(_ out: inout ByteSink) {
            if open { out.bytes.append(0x3B) } else { out.append("\u{1B}["); open = true }
        }
        if cell.attributes != state.attributes {
            separator(&out)
            out.bytes.append(0x30)
            if cell.attributes.contains(.bold) { out.append(";1") }
            if cell.attributes.contains(.underline) { out.append(";4") }
            if cell.attributes.contains(.reverse) { out.append(";7") }
            state = State(attributes: cell.attributes)
        }
        if fg != state.foreground { separator(&out); code(fg, background: false, into: &out) }
        if bg != state.background { separator(&out); code(bg, background: true, into: &out) }
        if open { out.bytes.append(0x6D) }
        state.foreground = fg
        state.background = bg
        out.append(cell.scalar)
    }

    private func code(_ color: TerminalColor, background: Bool, into out: inout ByteSink) {
        switch color {
        case .default:
            out.append(background ? "49" : "39")
        case .rgb(let c):
            out.append(background ? "48;2;" : "38;2;")
            out.append(number: Int(c.r)); out.bytes.append(0x3B)
            out.append(number: Int(c.g)); out.bytes.append(0x3B)
            out.append(number: Int(c.b))
        case .indexed(let n):
            if mode == .ansi16 && n < 16 {
                let base = n < 8 ? (background ? 40 : 30) : (background ? 100 : 90)
                out.append(number: base + Int(n % 8))
            } else {
                out.append(background ? "48;5;" : "38;5;")
                out.append(number: Int(n))
            }
        }
    }
}

/// A growable UTF-8 byte buffer with cheap appends of ASCII, numbers and scalars.
struct ByteSink {
    var bytes: [UInt8] = []

    @inline(__always)
    mutating func append(_ ascii: StaticString) {
        ascii.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    @inline(__always)
    mutating func append(number: Int) {
        if number >= 100 { bytes.append(UInt8(48 + number / 100)) }
        if number >= 10 { bytes.append(UInt8(48 + number / 10 % 10)) }
        bytes.append(UInt8(48 + number % 10))
    }

    @inline(__always)
    mutating func append(_ scalar: Unicode.Scalar) {
        let v = scalar.value
        switch v {
        case 0..<0x80:
            bytes.append(UInt8(v))
        case 0x80..<0x800:
            bytes.append(UInt8(0xC0 | v >> 6)); bytes.append(UInt8(0x80 | v & 0x3F))
        case 0x800..<0x10000:
            bytes.append(UInt8(0xE0 | v >> 12)); bytes.append(UInt8(0x80 | v >> 6 & 0x3F)); bytes.append(UInt8(0x80 | v & 0x3F))
        default:
            bytes.append(UInt8(0xF0 | v >> 18)); bytes.append(UInt8(0x80 | v >> 12 & 0x3F))
            bytes.append(UInt8(0x80 | v >> 6 & 0x3F)); bytes.append(UInt8(0x80 | v & 0x3F))
        }
    }
}
