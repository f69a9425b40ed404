import Imaging
import Testing
@testable import Rendering

struct OverlayTests {
    static let red = RGBColor(255, 0, 0)

    /// Atoms of the replayed grid that show exactly `color`.
    func painted(_ grid: CellGrid, _ geometry: SymbolGeometry, _ color: RGBColor) -> Set<[Int]> {
        let replay = GridReplay(geometry: geometry, grid: grid)
        var out = Set<[Int]>()
        for ay in 0..<(grid.rows * geometry.atomRows) {
            for ax in 0..<(grid.columns * geometry.atomColumns) where replay.color(atomColumn: ax, atomRow: ay) == color {
                out.insert([ax, ay])
            }
        }
        return out
    }

    @Test(arguments: [SymbolSet.sextant, .quad, .braille, .half, .ascii])
    func edgesLandWithinOneSubPixel(_ set: SymbolSet) {
        let geometry = SymbolGeometry.of(set)
        let image = RGBImage(width: 400, height: 300, fill: RGBColor(90, 90, 90))
        let (columns, rows) = (40, 15)
        let box = BoxOverlay(x1: 83.7, y1: 61.2, x2: 301.4, y2: 244.9, color: Self.red)
        let grid = ImageRenderer(symbols: set, mode: .truecolor).render(image, columns: columns, rows: rows, boxes: [box])
        let atoms = painted(grid, geometry, Self.red)
        #expect(!atoms.isEmpty)
        // Sub-pixel size in image pixels, per axis (the finest atom of the geometry).
        // Half blocks are 1x2 sub-pixels a cell: a corner cannot be split left/right.
        // ASCII has glyphs for only some atom patterns (a lone corner atom has none), so an
        // edge there may spread over its whole cell.
        let subX = set == .half || set == .ascii ? 400.0 / Double(columns)
            : 400.0 / Double(columns) * Double(zip(geometry.columns, geometry.columns.dropFirst()).map { $1 - $0 }.max() ?? 8) / 8
        let subY = set == .ascii ? 300.0 / Double(rows)
            : 300.0 / Double(rows) * Double(zip(geometry.rows, geometry.rows.dropFirst()).map { $1 - $0 }.max() ?? 16) / 16
        func imageX(_ ax: Int) -> (Double, Double) {
            let c = ax / geometry.atomColumns, k = ax % geometry.atomColumns
            let w = 400.0 / Double(columns)
            return (Double(c) * w + Double(geometry.columns[k]) / 8 * w, Double(c) * w + Double(geometry.columns[k + 1]) / 8 * w)
        }
        func imageY(_ ay: Int) -> (Double, Double) {
            let r = ay / geometry.atomRows, k = ay % geometry.atomRows
            let h = 300.0 / Double(rows)
            return (Double(r) * h + Double(geometry.rows[k]) / 16 * h, Double(r) * h + Double(geometry.rows[k + 1]) / 16 * h)
        }
        let xs = atoms.map { imageX($0[0]) }, ys = atoms.map { imageY($0[1]) }
        let left = xs.map(\.0).min() ?? 0, right = xs.map(\.1).max() ?? 0
        let top = ys.map(\.0).min() ?? 0, bottom = ys.map(\.1).max() ?? 0
        // The painted edge atoms contain the true edges, so each edge is within one sub-pixel.
        #expect(left <= box.x1 && box.x1 - left <= subX, "\(set) left \(left) vs \(box.x1)")
        #expect(right >= box.x2 && right - box.x2 <= subX, "\(set) right \(right) vs \(box.x2)")
        #expect(top <= box.y1 && box.y1 - top <= subY, "\(set) top \(top) vs \(box.y1)")
        #expect(bottom >= box.y2 && bottom - box.y2 <= subY, "\(set) bottom \(bottom) vs \(box.y2)")
        // Nothing is painted inside the box.
        for a in atoms {
            let (x0, x1) = imageX(a[0]), (y0, y1) = imageY(a[1])
            let inside = x0 > box.x1 + subX && x1 < box.x2 - subX && y0 > box.y1 + subY && y1 < box.y2 - subY
            #expect(!inside, "\(set): atom \(a) inside the box is painted")
        }
    }

    @Test func stylesDifferInPattern() {
        let geometry = SymbolGeometry.of(.sextant)
        let image = RGBImage(width: 200, height: 120, fill: RGBColor(40, 40, 40))
        var counts: [BoxStyle: Int] = [:]
        for style in BoxStyle.allCases {
            let box = BoxOverlay(x1: 20, y1: 20, x2: 180, y2: 100, color: Self.red, style: style)
            let grid = ImageRenderer(symbols: .sextant).render(image, columns: 40, rows: 20, boxes: [box])
            counts[style] = painted(grid, geometry, Self.red).count
        }
        let solid = counts[.detection] ?? 0
        #expect(solid > 0)
        #expect((counts[.selected] ?? 0) > solid, "selected is thicker")
        #expect((counts[.proposal] ?? 0) < solid && (counts[.proposal] ?? 0) > solid / 3, "proposal is dashed")
        #expect((counts[.regressionRoI] ?? 0) < solid, "regression RoI is dotted")
        #expect((counts[.groundTruth] ?? 0) < solid && (counts[.groundTruth] ?? 0) > (counts[.proposal] ?? 0))
    }

    @Test func labelsStayInsideAndApart() {
        let image = RGBImage(width: 200, height: 100, fill: RGBColor(30, 30, 30))
        let boxes = [
            BoxOverlay(x1: 0, y1: 0, x2: 100, y2: 50, color: Self.red, label: "hexagon 0.97"),
            BoxOverlay(x1: 2, y1: 1, x2: 98, y2: 48, color: RGBColor(0, 0, 255), label: "octagon 0.40"),
            BoxOverlay(x1: 150, y1: 60, x2: 200, y2: 100, color: RGBColor(0, 255, 0), label: "a very long label that does not fit"),
        ]
        let grid = ImageRenderer(symbols: .sextant).render(image, columns: 30, rows: 10, boxes: boxes)
        let text = (0..<grid.rows).map { grid.text(row: $0) }
        let hexRow = text.firstIndex { $0.contains("hexagon 0.97") }
        let octRow = text.firstIndex { $0.contains("octagon 0.40") }
        #expect(hexRow != nil && octRow != nil, "both labels are readable: \(text)")
        #expect(hexRow != octRow, "labels at the same spot do not hide each other")
        #expect(text.contains { $0.contains("a very long label that does n") }, "a long label is cut to the grid width")
    }

    @Test func labelsUseTheBoxColourAndReadableText() {
        let image = RGBImage(width: 100, height: 100, fill: .black)
        let box = BoxOverlay(x1: 10, y1: 30, x2: 90, y2: 90, color: RGBColor(255, 225, 25), label: "circle")
        let grid = ImageRenderer(symbols: .sextant).render(image, columns: 20, rows: 10, boxes: [box])
        let cells = grid.cells.filter { $0.scalar == "c" }
        #expect(cells.count == 2) // "c" twice in "circle"
        #expect(cells.allSatisfy { $0.background == .rgb(RGBColor(255, 225, 25)) && $0.foreground == .rgb(.black) })
    }

    @Test(arguments: [ColorMode.truecolor, .ansi256, .ansi16, .none])
    func asciiBoxesAndLabelsStayASCII(_ mode: ColorMode) {
        // A box over a gradient, with a label holding non-ASCII text (as a class name may).
        var image = RGBImage(width: 160, height: 96)
        for y in 0..<96 { for x in 0..<160 { image[x, y] = RGBColor(UInt8(x * 255 / 159), UInt8(y * 255 / 95), 128) } }
        let box = BoxOverlay(x1: 20, y1: 18, x2: 140, y2: 80, color: RGBColor(255, 225, 25), label: "caf\u{E9} \u{00D7}2 \u{1F600}")
        let grid = ImageRenderer(symbols: .ascii, mode: mode).render(image, columns: 40, rows: 12, boxes: [box])
        let scalars = grid.cells.map(\.scalar)
        #expect(scalars.allSatisfy { (0x20...0x7E).contains($0.value) }, "\(mode): \(Set(scalars.filter { $0.value > 0x7E }))")
        let text = (0..<grid.rows).map { grid.text(row: $0) }.joined(separator: "\n")
        #expect(text.contains("caf? ?2 ?"), "\(mode): the label with its non-ASCII characters replaced\n\(text)")
        // The box is drawn: its top edge is a run of one horizontal-line glyph.
        #expect(["-", "_", "\""].contains { text.contains(String(repeating: $0, count: 10)) }, "\(mode): no box edge\n\(text)")
    }
}
