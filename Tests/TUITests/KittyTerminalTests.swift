import Foundation
import Imaging
import Rendering
import TestSupport
import Testing

/// Real pixels in a real kitty (Debian's, under Xvfb with Mesa's software OpenGL): what
/// `render --pixels kitty` writes, seen in a screenshot and compared with the bitmap expected.
/// kitty must be installed (CI installs it); without it the test fails and says so.
@Suite(.serialized)
struct KittyTerminalTests {
    /// Full blocks kitty draws itself, each filling its cell: their extent on the screen is
    /// kitty's cell size, found without asking kitty (dhscope asks it with CSI 16 t).
    static let barCells = 20
    static let bar = RGBColor(25, 203, 0)

    @Test func renderShowsTheBitmapWithItsBoxesPixelForPixel() throws {
        let folder = try temporaryDirectory("dhscope-kitty-render")
        defer { try? FileManager.default.removeItem(at: folder) }
        let image = XtermSixelTests.picture(width: 240, height: 120, smooth: false)
        try PNGEncoder.write(image, to: folder.appendingPathComponent("flat.png").path)
        let boxes = #"[{"box": [30, 20, 150, 100], "label": "hexagon", "score": 0.97, "style": "selected"}]"#
        try boxes.write(to: folder.appendingPathComponent("boxes.json"), atomically: true, encoding: .utf8)
        // kitty's colour 2 is #19cb00 (25, 203, 0).
        let blocks = String(repeating: "\u{2588}", count: Self.barCells)
        let command = "printf '\\033[32m%s\\033[0m\\n' \(blocks) && "
            + "\(shellQuoted(TmuxSession.executable)) render flat.png --pixels kitty --size 40x10 --boxes boxes.json"
        let kitty = try X11TerminalSession(.kitty, command: command, columns: 80, rows: 24, directory: folder)
        typealias Box = (x: Int, y: Int, width: Int, height: Int)
        let (found, shot) = try kitty.waitFor("the bar of blocks and the picture's magenta frame", timeout: 60) { (shot: RGBImage) -> [Box]? in
            guard let bar = X11TerminalSession.boundingBox(of: Self.bar, in: shot), bar.width % Self.barCells == 0,
                  let frame = X11TerminalSession.boundingBox(of: XtermSixelTests.frame, in: shot),
                  frame.y >= bar.y + bar.height, frame.width > 100 else { return nil }
            return [bar, frame]
        }
        let bar = found[0], frame = found[1]
        let cell = PixelSize(width: bar.width / Self.barCells, height: bar.height)
        // What dhscope sends: the picture fitted to kitty's cells (the box in the theme's
        // selected colour, with its label), shown pixel for pixel at the cursor.
        let fit = try #require(PixelFit(source: PixelSize(width: 240, height: 120), columns: 40, rows: 10, cell: cell))
        let shown = "shown \(frame.width)x\(frame.height) with \(cell.description)-pixel cells"
        #expect(frame.width == fit.size.width && frame.height == fit.size.height,
                "\(shown); expected \(fit.size.description), unscaled")
        let overlay = BoxOverlay(x1: 30, y1: 20, x2: 150, y2: 100, color: Theme.dark.selected, style: .selected, label: "hexagon 0.97")
        let expected = PixelPicture.compose(image, size: fit.size, boxes: [overlay], theme: .dark)
        // Shown at its own size, each screen pixel is its source pixel (the comparison still
        // allows either neighbour should kitty ever scale: then it samples without blending).
        var wrong = 0
        for y in 0..<frame.height {
            let rows = Self.sources(y, shown: frame.height, sent: fit.size.height)
            for x in 0..<frame.width {
                let columns = Self.sources(x, shown: frame.width, sent: fit.size.width)
                let s = shot[frame.x + x, frame.y + y]
                let matches = rows.contains { sy in
                    columns.contains { sx in
                        let e = expected[sx, sy]
                        return max(abs(Int(e.r) - Int(s.r)), abs(Int(e.g) - Int(s.g)), abs(Int(e.b) - Int(s.b))) <= 2
                    }
                }
                if !matches { wrong += 1 }
            }
        }
        #expect(wrong == 0, "\(wrong) of \(frame.width * frame.height) pixels match neither nearest source pixel")
    }

    /// The one or two pixels of a `sent`-pixel side nearest to pixel `i`'s centre when the side
    /// is shown `shown` pixels long.
    static func sources(_ i: Int, shown: Int, sent: Int) -> [Int] {
        let position = (Double(i) + 0.5) * Double(sent) / Double(shown) - 0.5
        let low = min(sent - 1, max(0, Int(position.rounded(.down)))), high = min(sent - 1, max(0, Int(position.rounded(.up))))
        return low == high ? [low] : [low, high]
    }
}
