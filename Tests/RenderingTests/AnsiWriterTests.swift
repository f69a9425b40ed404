import Imaging
import Testing
@testable import Rendering

struct AnsiWriterTests {
    @Test func emitsOnlyTheChangesNeeded() {
        var grid = CellGrid(columns: 4, rows: 1)
        let red = TerminalColor.rgb(RGBColor(255, 0, 0)), blue = TerminalColor.rgb(RGBColor(0, 0, 255))
        grid[0, 0] = Cell("\u{2580}", foreground: red, background: blue)
        grid[1, 0] = Cell("\u{2580}", foreground: red, background: blue)
        grid[2, 0] = Cell("\u{2584}", foreground: blue, background: blue)
        grid[3, 0] = Cell(" ", foreground: red, background: blue)
        let out = AnsiWriter(mode: .truecolor).render(grid)
        #expect(out == "\u{1B}[38;2;255;0;0;48;2;0;0;255m\u{2580}\u{2580}\u{1B}[38;2;0;0;255m\u{2584} \u{1B}[0m\n")
    }

    @Test func paletteAndSixteenColourCodes() {
        var grid = CellGrid(columns: 2, rows: 1)
        grid[0, 0] = Cell("x", foreground: .indexed(196), background: .indexed(21))
        grid[1, 0] = Cell("y", foreground: .indexed(9), background: .indexed(4))
        #expect(AnsiWriter(mode: .ansi256).render(grid) == "\u{1B}[38;5;196;48;5;21mx\u{1B}[38;5;9;48;5;4my\u{1B}[0m\n")
        var sixteen = CellGrid(columns: 1, rows: 1)
        sixteen[0, 0] = Cell("y", foreground: .indexed(9), background: .indexed(4))
        #expect(AnsiWriter(mode: .ansi16).render(sixteen) == "\u{1B}[91;44my\u{1B}[0m\n")
    }

    @Test func noColorMeansNoColourCodes() {
        let image = RGBImage(width: 64, height: 64, fill: RGBColor(200, 30, 30))
        let box = BoxOverlay(x1: 5, y1: 5, x2: 60, y2: 60, color: RGBColor(0, 255, 0), label: "square 0.50")
        let grid = ImageRenderer(symbols: .sextant, mode: .none).render(image, columns: 16, rows: 8, boxes: [box])
        let out = AnsiWriter(mode: .none).render(grid)
        #expect(!out.contains("38;") && !out.contains("48;"))
        #expect(out.contains("square 0.50"))
    }

    @Test func plainRowsHaveNoEscapes() {
        let grid = CellGrid(columns: 3, rows: 2)
        #expect(AnsiWriter(mode: .truecolor).render(grid) == "   \n   \n")
    }
}
