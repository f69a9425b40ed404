import Imaging
import Rendering

/// The theme's interface colours as the current colour mode shows them.
public struct Chrome: Sendable {
    public let theme: Theme
    public let mode: ColorMode

    public init(theme: Theme, mode: ColorMode) {
        self.theme = theme
        self.mode = mode
    }

    /// `color` in this mode; the terminal's default without colour.
    public func color(_ color: RGBColor) -> TerminalColor {
        mode == .none ? .default : SymbolFitter.terminal(color, mode: mode)
    }

    public var text: TerminalColor { color(theme.text) }
    public var muted: TerminalColor { color(theme.muted) }
    public var accent: TerminalColor { color(theme.accent) }
    public var warning: TerminalColor { color(theme.warning) }
    public var error: TerminalColor { color(theme.error) }
    public var statusText: TerminalColor { color(theme.statusText) }
    public var statusBackground: TerminalColor { color(theme.statusBackground) }
    public var highlight: TerminalColor { color(theme.highlightBackground) }
    /// Without colour a highlighted line is shown in reverse video instead.
    public var highlightAttributes: CellAttributes { mode == .none ? [.reverse] : [] }
}

extension CellGrid {
    /// Fills a rectangle with blanks in `background`.
    mutating func clear(_ rect: Rect, background: TerminalColor = .default) {
        for y in rect.y..<(rect.y + rect.height) {
            for x in rect.x..<(rect.x + rect.width) { self[x, y] = Cell(" ", background: background) }
        }
    }

    /// Writes `text` clipped to `rect`'s width on `row` (relative to the rect).
    @discardableResult
    mutating func write(_ text: String, in rect: Rect, row: Int, column: Int = 0, foreground: TerminalColor,
                        background: TerminalColor = .default, attributes: CellAttributes = []) -> Int {
        guard row >= 0, row < rect.height, column < rect.width else { return 0 }
        let room = rect.width - column
        let clipped = String(String.UnicodeScalarView(text.unicodeScalars.prefix(room)))
        return write(clipped, column: rect.x + column, row: rect.y + row, foreground: foreground,
                     background: background, attributes: attributes)
    }
}
