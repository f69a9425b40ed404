import Rendering

/// Composes a whole frame from the state: panes, status bar, help; or the "too small"
/// message. Pure: the same state gives the same grid.
public enum Screen {
    public static func compose(_ state: AppState, columns: Int, rows: Int, chrome: Chrome,
                               symbols: SymbolSet = .sextant, tick: Int = 0) -> CellGrid {
        var grid = CellGrid(columns: max(0, columns), rows: max(0, rows))
        let layout = Layout(columns: columns, rows: rows)
        if layout.isTooSmall {
            let lines = ["terminal too small: \(columns)x\(rows)",
                         "dhscope needs at least \(Layout.minimumColumns)x\(Layout.minimumRows)",
                         "enlarge the window, or q to quit"]
            for (n, line) in lines.enumerated() {
                let x = max(0, (columns - line.unicodeScalars.count) / 2)
                grid.write(line, column: x, row: max(0, rows / 2 - 1) + n, foreground: n == 0 ? chrome.warning : chrome.text,
                           background: .default, attributes: n == 0 ? [.bold] : [])
            }
            return grid
        }
        if state.datasetPane != nil {
            DatasetPane.draw(state, chrome: chrome, into: &grid, rect: Rect(x: 0, y: 0, width: columns, height: layout.status.y))
        } else {
            if state.isSplit {
                ImagePane.drawSplit(state, chrome: chrome, symbols: symbols, into: &grid, rect: layout.image,
                                    halves: layout.imageHalves)
            } else {
                ImagePane.draw(state, chrome: chrome, symbols: symbols, into: &grid, rect: layout.image)
            }
            for y in 0..<layout.status.y {
                grid[layout.image.width, y] = Cell("│", foreground: chrome.muted)
            }
            ListPane.draw(state, chrome: chrome, into: &grid, rect: layout.list)
            InspectorPane.draw(state, chrome: chrome, into: &grid, rect: layout.inspector)
        }
        StatusBar.draw(state, chrome: chrome, tick: tick, into: &grid, rect: layout.status)
        if state.showHelp { HelpOverlay.draw(chrome: chrome, scroll: state.helpScroll, into: &grid) }
        return grid
    }
}
