import Rendering

/// A box in the middle of the screen listing every key (from ``KeyMap/bindings``).
public enum HelpOverlay {
    public static let title = "dhscope keys"

    /// The lines of keys shown on a terminal of `rows` rows.
    static func visibleLines(rows: Int) -> Int { max(1, min(rows - 2, KeyMap.bindings.count + 4) - 4) }

    /// How far help scrolls on a terminal of `rows` rows (0 when every line fits).
    public static func maximumScroll(rows: Int) -> Int { max(0, KeyMap.bindings.count - visibleLines(rows: rows)) }

    /// Draws the box over `grid`, its key lines from `scroll` on when they do not all fit.
    public static func draw(chrome: Chrome, scroll: Int = 0, into grid: inout CellGrid) {
        let lines = KeyMap.bindings.map { b in b.keys.padding(toLength: 10, withPad: " ", startingAt: 0) + b.summary }
        let width = min(grid.columns - 2, (lines.map(\.count).max() ?? 20) + 4)
        let height = min(grid.rows - 2, lines.count + 4)
        let rect = Rect(x: (grid.columns - width) / 2, y: (grid.rows - height) / 2, width: width, height: height)
        let background = chrome.statusBackground
        grid.clear(rect, background: background)
        let frame = chrome.accent
        for x in rect.x..<(rect.x + rect.width) {
            grid[x, rect.y] = Cell("─", foreground: frame, background: background)
            grid[x, rect.y + rect.height - 1] = Cell("─", foreground: frame, background: background)
        }
        for y in rect.y..<(rect.y + rect.height) {
            grid[rect.x, y] = Cell("│", foreground: frame, background: background)
            grid[rect.x + rect.width - 1, y] = Cell("│", foreground: frame, background: background)
        }
        grid[rect.x, rect.y] = Cell("┌", foreground: frame, background: background)
        grid[rect.x + rect.width - 1, rect.y] = Cell("┐", foreground: frame, background: background)
        grid[rect.x, rect.y + rect.height - 1] = Cell("└", foreground: frame, background: background)
        grid[rect.x + rect.width - 1, rect.y + rect.height - 1] = Cell("┘", foreground: frame, background: background)
        let inner = Rect(x: rect.x + 2, y: rect.y + 1, width: rect.width - 4, height: rect.height - 2)
        let shown = visibleLines(rows: grid.rows)
        let top = min(max(0, scroll), max(0, lines.count - shown))
        let more = lines.count > shown ? "  j/k: \(top + 1)-\(top + shown) of \(lines.count)" : ""
        grid.write(title + " (q, Esc or ? closes)" + more, in: inner, row: 0, foreground: chrome.accent, background: background,
                   attributes: [.bold])
        for (n, line) in lines[top..<min(lines.count, top + shown)].enumerated() {
            grid.write(line, in: inner, row: n + 2, foreground: chrome.statusText, background: background)
        }
    }
}
