import Imaging

/// The bitmap an image pane shows in real pixels: the viewport of the image, resized to the
/// pane, with the boxes drawn into it by ``BoxPainter`` (the code the PNG export uses), so
/// lines and labels are pixel-exact at the size the terminal shows.
public enum PixelPicture {
    /// `image`'s part `viewport` (x, y, width, height in image pixels) resized to `size`,
    /// with `boxes` (in image pixels) drawn over it.
    public static func compose(_ image: RGBImage, viewport: (x: Int, y: Int, width: Int, height: Int)? = nil,
                               size: PixelSize, boxes: [BoxOverlay], theme: Theme) -> RGBImage {
        let v = viewport ?? (0, 0, image.width, image.height)
        let x0 = min(max(0, v.x), image.width - 1), y0 = min(max(0, v.y), image.height - 1)
        let w = min(max(1, v.width), image.width - x0), h = min(max(1, v.height), image.height - y0)
        let shown = (x0 == 0 && y0 == 0 && w == image.width && h == image.height) ? image : crop(image, x0, y0, w, h)
        var canvas = shown.width == size.width && shown.height == size.height
            ? shown : AreaResize.resize(shown, width: size.width, height: size.height)
        let sx = Double(size.width) / Double(w), sy = Double(size.height) / Double(h)
        let scaled = boxes.map { box in
            var b = box
            b.x1 = (box.x1 - Double(x0)) * sx
            b.x2 = (box.x2 - Double(x0)) * sx
            b.y1 = (box.y1 - Double(y0)) * sy
            b.y2 = (box.y2 - Double(y0)) * sy
            return b
        }
        BoxPainter.draw(scaled, on: &canvas, theme: theme)
        return canvas
    }

    /// The colours `boxes` are drawn in (lines, label backgrounds and label text), first
    /// first, each once: what a palette must keep for the overlays to stay exact.
    public static func overlayColors(_ boxes: [BoxOverlay], theme: Theme) -> [RGBColor] {
        var out: [RGBColor] = []
        for box in boxes {
            for color in [box.color] + (box.label == nil ? [] : [theme.labelText(on: box.color)]) where !out.contains(color) {
                out.append(color)
            }
        }
        return out
    }

    private static func crop(_ image: RGBImage, _ x: Int, _ y: Int, _ w: Int, _ h: Int) -> RGBImage {
        var pixels = [UInt8](repeating: 0, count: w * h * 3)
        for row in 0..<h {
            let source = ((y + row) * image.width + x) * 3
            pixels.replaceSubrange((row * w * 3)..<((row + 1) * w * 3), with: image.pixels[source..<(source + w * 3)])
        }
        return RGBImage(width: w, height: h, pixels: pixels) ?? image
    }
}
