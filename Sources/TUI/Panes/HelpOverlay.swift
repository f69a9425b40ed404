import Rendering

/// A box in the middle of the screen listing every key (from ``KeyMap/bindings``).
public enum HelpOverlay {
    public static let title = "dhscope keys"

    public static func draw(chrome: Chrome, into grid: inout CellGrid) {
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
        grid.write(title + " (q, Esc or ? closes)", in: inner, row: 0, foreground: chrome.accent, background: background, attributes: [.bold])
        for (n, line) in lines.enumerated() {
            grid.write(line, in: inner, row: n + 2, foreground: chrome.statusText, background: background)
        }
    }
}
