import Imaging
import Testing
@testable import Rendering

/// Labels placed first keep their place: a later label never covers an earlier one.
struct LabelPlacementTests {
    @Test func aLabelWithoutAFreeSpotIsLeftOut() {
        var placer = LabelPlacer(columns: 30, rows: 10)
        var spots: [(column: Int, row: Int, length: Int)] = []
        // Eight spots exist around a box; the ninth label finds none.
        for _ in 0..<8 {
            guard let spot = placer.place(length: 12, left: 5, right: 25, top: 3, bottom: 6) else { break }
            spots.append(spot)
        }
        #expect(spots.count >= 4)
        var more = 0
        while placer.place(length: 12, left: 5, right: 25, top: 3, bottom: 6) != nil { more += 1; if more > 10 { break } }
        #expect(more <= 8 - spots.count, "only free spots are handed out")
        for (i, a) in spots.enumerated() {
            for b in spots[(i + 1)...] where a.row == b.row {
                #expect(!(a.column..<(a.column + a.length)).overlaps(b.column..<(b.column + b.length)), "\(a) and \(b) overlap")
            }
        }
    }

    @Test func theFirstBoxsLabelSurvivesInTheTerminal() {
        let image = RGBImage(width: 64, height: 48, fill: RGBColor(40, 40, 40))
        let boxes = (0..<12).map { i in
            BoxOverlay(x1: 8, y1: 8, x2: 56, y2: 40, color: RGBColor(200, 50, 50), label: "label\(i) 0.\(90 - i)")
        }
        let grid = ImageRenderer(mode: .none).render(image, columns: 40, rows: 15, boxes: boxes)
        let text = (0..<grid.rows).map { row in
            String(String.UnicodeScalarView((0..<grid.columns).map { grid[$0, row].scalar }))
        }.joined(separator: "\n")
        #expect(text.contains("label0 0.90"), "\(text)")
        for i in 0..<12 where text.contains("label\(i) ") {
            #expect(text.contains("label\(i) 0.\(90 - i)"), "label\(i) was cut into:\n\(text)")
        }
    }

    /// In a PNG, where labels overlap, the earlier box's label is drawn on top.
    @Test func theFirstBoxsLabelIsOnTopInAPNG() {
        let first = RGBColor(200, 40, 40), second = RGBColor(40, 40, 200)
        var image = RGBImage(width: 200, height: 120, fill: RGBColor(255, 255, 255))
        BoxPainter.draw([BoxOverlay(x1: 20, y1: 40, x2: 180, y2: 110, color: first, label: "first"),
                         BoxOverlay(x1: 20, y1: 40, x2: 180, y2: 110, color: second, label: "second")], on: &image)
        // The label background's corner pixel, just above the boxes' top-left corner.
        let pixel = image[20, 39]
        #expect(pixel == first, "\(pixel)")
    }
}
