/// Turns a cell grid into ANSI text, emitting only the SGR changes each cell needs.
public struct AnsiWriter: Sendable {
    public var mode: ColorMode

    public init(mode: ColorMode) {
        self.mode = mode
    }

    /// The colour mode to use given the environment: NO_COLOR (non-empty) means none unless
    /// the user asked for colours explicitly; otherwise `requested`.
    public static func effectiveMode(requested: ColorMode?, environment: [String: String]) -> ColorMode {
        if let requested { return requested }
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .none }
        if let colorterm = environment["COLORTERM"], colorterm == "truecolor" || colorterm == "24bit" { return .truecolor }
        let term = environment["TERM"] ?? ""
        if term.hasSuffix("-direct") { return .truecolor }
        if term.contains("256color") { return .ansi256 }
        if term.isEmpty || term == "dumb" { return .none }
        return .ansi16
    }

    /// Each row ends with a reset (when anything is set) and a newline.
    public func render(_ grid: CellGrid) -> String {
        var out = String.UnicodeScalarView()
        out.reserveCapacity(grid.columns * grid.rows * 8)
        for row in 0..<grid.rows {
            var state = State()
            for column in 0..<grid.columns {
                emit(grid[column, row], state: &state, into: &out)
            }
            if !state.isPlain { append("\u{1B}[0m", to: &out) }
            out.append("\n")
        }
        return String(out)
    }

    private struct State {
        var foreground: TerminalColor = .default
        var background: TerminalColor = .default
        var attributes: CellAttributes = []
        var isPlain: Bool { foreground == .default && background == .default && attributes.isEmpty }
    }

    private func emit(_ cell: Cell, state: inout State, into out: inout String.UnicodeScalarView) {
        var fg = mode == .none ? .default : cell.foreground
        var bg = mode == .none ? .default : cell.background
        // A space shows no foreground and a full block no background: keep what is set.
        if cell.scalar == " " && cell.attributes.isEmpty { fg = state.foreground }
        if cell.scalar == "\u{2588}" { bg = state.background }
        var params: [String] = []
        if cell.attributes != state.attributes {
            params.append("0")
            if cell.attributes.contains(.bold) { params.append("1") }
            if cell.attributes.contains(.underline) { params.append("4") }
            if cell.attributes.contains(.reverse) { params.append("7") }
            state = State(attributes: cell.attributes)
            // After a reset both colours must be set again.
            if fg != .default { params.append(code(fg, background: false)) }
            if bg != .default { params.append(code(bg, background: true)) }
        } else {
            if fg != state.foreground { params.append(code(fg, background: false)) }
            if bg != state.background { params.append(code(bg, background: true)) }
        }
        state.foreground = fg
        state.background = bg
        if !params.isEmpty { append("\u{1B}[" + params.joined(separator: ";") + "m", to: &out) }
        out.append(cell.scalar)
    }

    private func code(_ color: TerminalColor, background: Bool) -> String {
        switch color {
        case .default: return background ? "49" : "39"
        case .rgb(let c): return (background ? "48;2;" : "38;2;") + "\(c.r);\(c.g);\(c.b)"
        case .indexed(let n):
            if mode == .ansi16 && n < 16 {
                let base = n < 8 ? (background ? 40 : 30) : (background ? 100 : 90)
                return String(base + Int(n % 8))
            }
            return (background ? "48;5;" : "38;5;") + String(n)
        }
    }

    private func append(_ s: String, to out: inout String.UnicodeScalarView) {
        out.append(contentsOf: s.unicodeScalars)
    }
}
