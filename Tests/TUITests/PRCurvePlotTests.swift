import Imaging
import Rendering
import Testing
@testable import TUI

struct PRCurvePlotTests {
    static let recall = (0...100).map { Double($0) / 100 }

    /// Precision 1 up to recall 0.5, then 0: the top dot row from the left edge to the middle,
    /// a drop there, the bottom row after it.
    @Test func aStepCurveLandsOnKnownDots() {
        let precision = Self.recall.map { $0 <= 0.5 ? 1.0 : 0.0 }
        let canvas = PRCurvePlot.canvas([.init(precision: precision, color: .okabeOrange)], recall: Self.recall,
                                        columns: 51, rows: 5)
        // 102 x 20 dots: recall r at column round(r * 101), precision p at row round((1 - p) * 19).
        #expect(canvas.dotColumns == 102 && canvas.dotRows == 20)
        #expect((0...51).allSatisfy { canvas.isSet(x: $0, y: 0) }, "precision 1 up to recall 0.5")
        #expect((52...101).allSatisfy { canvas.isSet(x: $0, y: 19) }, "precision 0 after")
        #expect(!canvas.isSet(x: 53, y: 0) && !canvas.isSet(x: 0, y: 19) && !canvas.isSet(x: 101, y: 0))
        // The drop from (0.50, 1) to (0.51, 0) joins the two.
        #expect((0...19).allSatisfy { canvas.isSet(x: 51, y: $0) || canvas.isSet(x: 52, y: $0) })
    }

    /// pycocotools' -1 (a class without ground truth) draws nothing.
    @Test func undefinedPrecisionIsLeftOut() {
        let canvas = PRCurvePlot.canvas([.init(precision: Self.recall.map { _ in -1 }, color: .okabeBlue)], recall: Self.recall,
                                        columns: 20, rows: 5)
        #expect((0..<5).allSatisfy { row in (0..<20).allSatisfy { canvas.series(column: $0, row: row) == nil } })
    }

    /// Axes, labels and the curve's cells in its colour; the series drawn last wins a shared cell.
    @Test func thePlotHasAxesAndColouredCurves() {
        var grid = CellGrid(columns: 40, rows: 12)
        let chrome = Chrome(theme: .dark, mode: .truecolor)
        let flat = PRCurvePlot.Series(precision: Self.recall.map { _ in 0.5 }, color: .okabeOrange)
        let top = PRCurvePlot.Series(precision: Self.recall.map { _ in 0.5 }, color: .okabeSkyBlue)
        PRCurvePlot.draw([flat, top], recall: Self.recall, chrome: chrome, into: &grid, rect: Rect(x: 0, y: 0, width: 40, height: 12))
        #expect(grid.text(row: 0).hasPrefix("1.0 │"))
        #expect(grid.text(row: 9).hasPrefix("0.0 │"))
        #expect(grid.text(row: 10).hasPrefix("    └───"))
        #expect(grid.text(row: 11).hasPrefix("     0 ") && grid.text(row: 11).hasSuffix("recall 1"))
        // Precision 0.5 on 40 dot rows: row round(0.5 * 39) = 20 (19.5 rounds away from zero),
        // in cell row 5; every plot column has a dot there.
        for column in 5..<40 {
            let cell = grid[column, 5]
            #expect(cell.scalar.value >= 0x2801 && cell.scalar.value <= 0x28FF, "column \(column)")
            #expect(cell.foreground == chrome.color(.okabeSkyBlue), "the last series is on top")
        }
        #expect(grid[20, 4].scalar == " " && grid[20, 6].scalar == " ")
    }
}
