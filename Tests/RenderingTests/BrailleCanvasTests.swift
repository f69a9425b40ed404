import Rendering
import Testing

struct BrailleCanvasTests {
    /// Each of a cell's eight dots is its own bit of U+2800: 1-2-3-7 down the left, 4-5-6-8
    /// down the right.
    @Test func everyDotOfACellIsItsBrailleBit() {
        let expected: [(x: Int, y: Int, character: Unicode.Scalar)] = [
            (0, 0, "\u{2801}"), (0, 1, "\u{2802}"), (0, 2, "\u{2804}"), (0, 3, "\u{2840}"),
            (1, 0, "\u{2808}"), (1, 1, "\u{2810}"), (1, 2, "\u{2820}"), (1, 3, "\u{2880}"),
        ]
        for dot in expected {
            var canvas = BrailleCanvas(columns: 1, rows: 1)
            canvas.setDot(x: dot.x, y: dot.y)
            #expect(canvas.character(column: 0, row: 0) == dot.character, "dot \(dot.x),\(dot.y)")
        }
        var full = BrailleCanvas(columns: 1, rows: 1)
        for dot in expected { full.setDot(x: dot.x, y: dot.y) }
        #expect(full.character(column: 0, row: 0) == "\u{28FF}")
        #expect(BrailleCanvas(columns: 1, rows: 1).character(column: 0, row: 0) == "\u{2800}")
    }

    @Test func dotsLandInTheirCellAndOutsideDotsAreIgnored() {
        var canvas = BrailleCanvas(columns: 3, rows: 2)
        #expect(canvas.dotColumns == 6 && canvas.dotRows == 8)
        canvas.setDot(x: 5, y: 7, series: 2)
        canvas.setDot(x: 6, y: 0)
        canvas.setDot(x: -1, y: 3)
        canvas.setDot(x: 0, y: 8)
        #expect(canvas.character(column: 2, row: 1) == "\u{2880}")
        #expect(canvas.series(column: 2, row: 1) == 2)
        for (column, row) in [(0, 0), (1, 0), (2, 0), (0, 1), (1, 1)] {
            #expect(canvas.character(column: column, row: row) == "\u{2800}")
            #expect(canvas.series(column: column, row: row) == nil)
        }
        #expect(canvas.isSet(x: 5, y: 7) && !canvas.isSet(x: 4, y: 7))
    }

    @Test func linesSetEveryDotBetweenTheirEnds() {
        var canvas = BrailleCanvas(columns: 4, rows: 2)
        canvas.drawLine(fromX: 0, y: 7, toX: 7, y: 0)
        // A diagonal across 8 x 8 dots: one dot per column and per row.
        for i in 0..<8 { #expect(canvas.isSet(x: i, y: 7 - i), "dot \(i)") }
        let set = (0..<8).flatMap { x in (0..<8).map { (x, $0) } }.filter { canvas.isSet(x: $0.0, y: $0.1) }
        #expect(set.count == 8)
        var flat = BrailleCanvas(columns: 4, rows: 1)
        flat.drawLine(fromX: 6, y: 2, toX: 1, y: 2)
        #expect((1...6).allSatisfy { flat.isSet(x: $0, y: 2) } && !flat.isSet(x: 0, y: 2) && !flat.isSet(x: 7, y: 2))
    }

    /// The unit square spans the canvas: (0, 0) the bottom-left dot, (1, 1) the top-right.
    @Test func plotMapsTheUnitSquareWithYUp() {
        var canvas = BrailleCanvas(columns: 5, rows: 3)
        canvas.plot([(0, 0), (1, 1)], series: 1)
        #expect(canvas.isSet(x: 0, y: 11) && canvas.isSet(x: 9, y: 0))
        #expect(canvas.dot(x: 0.5, y: 0.5).map { [$0.x, $0.y] } == [5, 6])
        #expect(canvas.dot(x: 2, y: -1).map { [$0.x, $0.y] } == [9, 11], "clamped")
        #expect(canvas.dot(x: .nan, y: 0) == nil)
        // A precision-recall step: flat at 1 then straight down at recall 0.5.
        var step = BrailleCanvas(columns: 5, rows: 3)
        step.plot([(0, 1), (0.5, 1), (0.5, 0)])
        #expect((0...5).allSatisfy { step.isSet(x: $0, y: 0) })
        #expect((0...11).allSatisfy { step.isSet(x: 5, y: $0) })
        #expect(!step.isSet(x: 6, y: 0) && !step.isSet(x: 0, y: 11))
    }

    @Test func theSeriesDrawnLastColoursASharedCell() {
        var canvas = BrailleCanvas(columns: 1, rows: 1)
        canvas.setDot(x: 0, y: 0, series: 0)
        canvas.setDot(x: 1, y: 3, series: 1)
        #expect(canvas.character(column: 0, row: 0) == "\u{2881}")
        #expect(canvas.series(column: 0, row: 0) == 1)
        let cells = canvas.cells { $0 == 1 ? .indexed(5) : .default }
        #expect(cells[0, 0].scalar == "\u{2881}" && cells[0, 0].foreground == .indexed(5))
    }
}
