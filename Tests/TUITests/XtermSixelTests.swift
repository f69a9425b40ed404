import Foundation
import Imaging
import Rendering
import TestSupport
import Testing

/// Real pixels in a real terminal: Debian's xterm as a VT340 under Xvfb shows what
/// `render --pixels sixel` and the browser write, and a screenshot (ImageMagick's import) is
/// compared with the pixels expected.
@Suite(.serialized)
struct XtermSixelTests {
    static let frame = RGBColor(255, 0, 255)

    /// A picture with a 3-pixel magenta frame (to find it on the screen), two flat halves and
    /// a smooth band.
    static func picture(width: Int, height: Int, smooth: Bool) -> RGBImage {
        var image = RGBImage(width: width, height: height, fill: frame)
        for y in 3..<(height - 3) {
            for x in 3..<(width - 3) {
                if smooth {
                    image[x, y] = RGBColor(UInt8(40 + 160 * x / width), UInt8(60 + 120 * y / height), UInt8(180 - 100 * x / width))
                } else {
                    image[x, y] = x < width / 2 ? RGBColor(20, 40, 120) : RGBColor(230, 200, 40)
                }
            }
        }
        return image
    }

    @Test func renderShowsTheBitmapWithItsBoxesPixelForPixel() throws {
        let folder = try temporaryDirectory("dhscope-xterm-render")
        defer { try? FileManager.default.removeItem(at: folder) }
        let image = Self.picture(width: 240, height: 120, smooth: false)
        try PNGEncoder.write(image, to: folder.appendingPathComponent("flat.png").path)
        let boxes = #"[{"box": [30, 20, 150, 100], "label": "hexagon", "score": 0.97, "style": "selected"}]"#
        try boxes.write(to: folder.appendingPathComponent("boxes.json"), atomically: true, encoding: .utf8)
        let command = "\(shellQuoted(TmuxSession.executable)) render flat.png --pixels sixel --size 40x10 --cell-size 6x12 --boxes boxes.json"
        let xterm = try X11TerminalSession(command: command, columns: 80, rows: 24, directory: folder)
        let (box, shot) = try xterm.waitFor("the picture's magenta frame", timeout: 60) { shot -> (x: Int, y: Int, width: Int, height: Int)? in
            guard let box = X11TerminalSession.boundingBox(of: Self.frame, in: shot), box.width == 240, box.height == 120 else { return nil }
            return box
        }
        // What dhscope draws: the picture at 240x120 (the size asked), the box by BoxPainter
        // in the theme's selected colour with its label, each colour as sixel percents.
        let overlay = BoxOverlay(x1: 30, y1: 20, x2: 150, y2: 100, color: Theme.dark.selected, style: .selected, label: "hexagon 0.97")
        let expected = PixelPicture.compose(image, size: PixelSize(width: 240, height: 120), boxes: [overlay], theme: .dark)
        var wrong = 0
        for y in 0..<120 {
            for x in 0..<240 {
                let e = expected[x, y], s = shot[box.x + x, box.y + y]
                let r = Self.percentRounded(e)
                if max(abs(Int(r.r) - Int(s.r)), abs(Int(r.g) - Int(s.g)), abs(Int(r.b) - Int(s.b))) > 2 { wrong += 1 }
            }
        }
        #expect(wrong == 0, "\(wrong) of 28800 pixels differ from the expected bitmap")
    }

    @Test func browserShowsThePictureInPixelsBesideTheList() throws {
        let folder = try temporaryDirectory("dhscope-xterm-browse")
        defer { try? FileManager.default.removeItem(at: folder) }
        let image = Self.picture(width: 320, height: 200, smooth: true)
        try PNGEncoder.write(image, to: folder.appendingPathComponent("smooth.png").path)
        // --pixels auto: the browser asks xterm, which answers sixel (device attribute 4). The
        // demo model finds nothing on this picture, so no box is drawn over it.
        let command = "\(shellQuoted(TmuxSession.executable)) browse smooth.png"
        let xterm = try X11TerminalSession(command: command, columns: 120, rows: 40, directory: folder)
        let (box, shot) = try xterm.waitFor("the picture in the image pane", timeout: 120) { shot -> (x: Int, y: Int, width: Int, height: Int)? in
            // The frame dithered to the picture's palette: magenta within a few levels.
            guard let box = X11TerminalSession.boundingBox(in: shot, where: { $0.r > 230 && $0.g < 30 && $0.b > 230 }),
                  box.width > 100 else { return nil }
            return box
        }
        // The picture keeps its aspect ratio (the height in whole sixel bands).
        #expect(abs(Double(box.width) / Double(box.height) - 1.6) < 0.05, "\(box.width)x\(box.height)")
        // Its inside looks like the picture resized to that size (dithered to 256 colours).
        let resized = AreaResize.resize(image, width: box.width, height: box.height)
        var sum = 0.0, n = 0.0
        for y in 8..<(box.height - 8) {
            for x in 8..<(box.width - 8) {
                let a = resized[x, y], b = shot[box.x + x, box.y + y]
                for (p, q) in [(a.r, b.r), (a.g, b.g), (a.b, b.b)] { sum += (Double(p) - Double(q)) * (Double(p) - Double(q)); n += 1 }
            }
        }
        let psnr = 10 * log10(255 * 255 / (sum / n))
        #expect(psnr > 28, "PSNR \(psnr) dB of the image pane against the picture")
    }

    static func percentRounded(_ c: RGBColor) -> RGBColor {
        func round(_ v: UInt8) -> UInt8 { UInt8((Double((Double(v) * 100 / 255).rounded()) * 255 / 100).rounded()) }
        return RGBColor(round(c.r), round(c.g), round(c.b))
    }
}
