/// Drawing primitives for annotated exports: filled rectangles, box outlines and bitmap text.
///
/// Every primitive clips to the image, so callers can pass coordinates that lie partly or wholly
/// outside it (or are inverted) without checking first.
extension RGBImage {
    /// Fills the half-open rectangle `[x0, x1) x [y0, y1)` with `color`.
    ///
    /// Only the part inside the image is painted; empty, inverted or out-of-range rectangles
    /// paint nothing.
    public mutating func fill(x0: Int, y0: Int, x1: Int, y1: Int, color: RGBColor) {
        let left = max(x0, 0), right = min(x1, width)
        let top = max(y0, 0), bottom = min(y1, height)
        guard left < right, top < bottom else { return }
        // Locals, because the closure below must not touch `self` while `pixels` is borrowed.
        let rowStride = width * 3
        let r = color.r, g = color.g, b = color.b
        pixels.withUnsafeMutableBufferPointer { buffer in
            for y in top..<bottom {
                var i = y * rowStride + left * 3
                for _ in left..<right {
                    buffer[i] = r
                    buffer[i + 1] = g
                    buffer[i + 2] = b
                    i += 3
                }
            }
        }
    }

    /// A straight line `thickness` pixels wide from (x0, y0) to (x1, y1), clipped to the image.
    public mutating func drawLine(x0: Int, y0: Int, x1: Int, y1: Int, color: RGBColor, thickness: Int = 2) {
        let steps = max(abs(x1 - x0), abs(y1 - y0), 1)
        for step in 0...steps {
            let x = x0 + (x1 - x0) * step / steps, y = y0 + (y1 - y0) * step / steps
            fill(x0: x, y0: y, x1: x + thickness, y1: y + thickness, color: color)
        }
    }

    /// Strokes the outline of a box given in continuous image coordinates.
    ///
    /// Pixel `i` covers `[i, i + 1)`, so the box covers columns `floor(x1)` through
    /// `ceil(x2) - 1` and rows `floor(y1)` through `ceil(y2) - 1`; the lines lie on those outer
    /// pixels and grow inward by `thickness`. A box thinner than two lines is filled solid, and a
    /// box of zero width or height still paints one column or row so tiny detections stay visible.
    /// The corners may be given in either order; boxes with a NaN or infinite coordinate are
    /// ignored.
    ///
    /// - Parameters:
    ///   - x1: Left edge of the box.
    ///   - y1: Top edge of the box.
    ///   - x2: Right edge of the box.
    ///   - y2: Bottom edge of the box.
    ///   - color: Line colour.
    ///   - thickness: Line width in pixels; values below 1 draw nothing.
    ///   - dash: Optional dash pattern in pixels, measured along each edge from its top or left
    ///     end, which always starts "on". An `off` length below 1 draws a solid line; an `on`
    ///     length below 1 draws nothing.
    public mutating func strokeRectangle(
        x1: Double, y1: Double, x2: Double, y2: Double,
        color: RGBColor, thickness: Int = 2, dash: (on: Int, off: Int)? = nil
    ) {
        guard x1.isFinite, y1.isFinite, x2.isFinite, y2.isFinite, thickness > 0 else { return }
        let left = Self.pixelCoordinate(min(x1, x2).rounded(.down))
        let top = Self.pixelCoordinate(min(y1, y2).rounded(.down))
        let right = max(Self.pixelCoordinate(max(x1, x2).rounded(.up)) - 1, left)
        let bottom = max(Self.pixelCoordinate(max(y1, y2).rounded(.up)) - 1, top)
        // Capping at the box size keeps opposite lines inside the box and the sums bounded.
        let lineWidth = min(thickness, right - left + 1)
        let lineHeight = min(thickness, bottom - top + 1)

        Self.forEachDash(from: left, to: right + 1, dash: dash, visible: 0..<width) { start, end in
            fill(x0: start, y0: top, x1: end, y1: top + lineHeight, color: color)
            fill(x0: start, y0: bottom + 1 - lineHeight, x1: end, y1: bottom + 1, color: color)
        }
        Self.forEachDash(from: top, to: bottom + 1, dash: dash, visible: 0..<height) { start, end in
            fill(x0: left, y0: start, x1: left + lineWidth, y1: end, color: color)
            fill(x0: right + 1 - lineWidth, y0: start, x1: right + 1, y1: end, color: color)
        }
    }

    /// Draws `text` in the built-in ``BitmapFont`` with its top-left corner at (`x`, `y`).
    ///
    /// Each character (grapheme) takes one glyph cell; characters the font does not cover are
    /// drawn as a small box. Text is a single line: control characters, newlines included, are
    /// drawn as boxes too.
    ///
    /// - Parameters:
    ///   - text: The text to draw.
    ///   - x: Left edge of the first glyph.
    ///   - y: Top edge of the glyphs.
    ///   - color: Glyph colour.
    ///   - background: When given, fills the text's bounding box plus 1 px of padding on every
    ///     side before drawing the glyphs.
    ///   - scale: Integer magnification of the font; values below 1 are treated as 1.
    /// - Returns: The width of the text in pixels, excluding the padding and regardless of
    ///   clipping, so callers can lay out what follows; 0 for empty text.
    @discardableResult
    public mutating func drawText(
        _ text: String, x: Int, y: Int, color: RGBColor, background: RGBColor?, scale: Int = 1
    ) -> Int {
        let scale = max(scale, 1)
        let size = Self.textSize(text, scale: scale)
        guard size.width > 0 else { return 0 }
        if let background {
            fill(
                x0: x.clampedAdding(-1), y0: y.clampedAdding(-1),
                x1: x.clampedAdding(size.width).clampedAdding(1),
                y1: y.clampedAdding(size.height).clampedAdding(1),
                color: background)
        }
        // Text wholly above or below the image has nothing more to paint.
        guard y < height, y.clampedAdding(size.height) > 0 else { return size.width }
        let cellAdvance = BitmapFont.advance.clampedMultiplied(by: scale)
        let glyphSpan = BitmapFont.glyphWidth.clampedMultiplied(by: scale)
        var originX = x
        for character in text {
            // Glyphs only move right, so nothing further can land in the image.
            if originX >= width { break }
            if originX.clampedAdding(glyphSpan) > 0 {
                drawGlyph(character, x: originX, y: y, color: color, scale: scale)
            }
            originX = originX.clampedAdding(cellAdvance)
        }
        return size.width
    }

    /// The size in pixels that ``drawText(_:x:y:color:background:scale:)`` covers with `text`,
    /// excluding background padding.
    ///
    /// Glyphs are `scale` x 5 by 7 pixels with `scale` pixels between them and none after the
    /// last, so a string of `n` characters is `(6n - 1) * scale` wide. Empty text measures
    /// (0, 0). Scales below 1 are treated as 1.
    public static func textSize(_ text: String, scale: Int = 1) -> (width: Int, height: Int) {
        let scale = max(scale, 1)
        let count = text.count
        guard count > 0 else { return (0, 0) }
        let width = count.clampedMultiplied(by: BitmapFont.advance).clampedAdding(-1)
            .clampedMultiplied(by: scale)
        return (width, BitmapFont.glyphHeight.clampedMultiplied(by: scale))
    }

    /// Paints the set pixels of one glyph as `scale` x `scale` blocks.
    private mutating func drawGlyph(_ character: Character, x: Int, y: Int, color: RGBColor, scale: Int) {
        for (row, bits) in BitmapFont.rows(for: character).enumerated() where bits != 0 {
            let top = y.clampedAdding(row.clampedMultiplied(by: scale))
            if top >= height { break }
            let bottom = top.clampedAdding(scale)
            if bottom <= 0 { continue }
            for column in 0..<BitmapFont.glyphWidth where bits & (0x10 >> UInt8(column)) != 0 {
                let left = x.clampedAdding(column.clampedMultiplied(by: scale))
                fill(x0: left, y0: top, x1: left.clampedAdding(scale), y1: bottom, color: color)
            }
        }
    }

    /// Converts a finite, already rounded coordinate to `Int`.
    ///
    /// Clamping to +-2^40 cannot change what lands in any real image, and it keeps the
    /// conversion from trapping and later sums from overflowing.
    private static func pixelCoordinate(_ value: Double) -> Int {
        let limit = Double(1 << 40)
        return Int(min(max(value, -limit), limit))
    }

    /// Calls `body` with each half-open "on" segment of the edge `[start, end)`, clipped to
    /// `visible`.
    ///
    /// Only segments near the visible range are visited, so huge off-image edges stay cheap.
    private static func forEachDash(
        from start: Int, to end: Int, dash: (on: Int, off: Int)?, visible: Range<Int>,
        _ body: (_ start: Int, _ end: Int) -> Void
    ) {
        let low = max(start, visible.lowerBound), high = min(end, visible.upperBound)
        guard low < high else { return }
        guard let dash, dash.off > 0 else {
            body(low, high)
            return
        }
        guard dash.on > 0 else { return }
        // Lengths past the edge's end behave the same; capping them keeps the period from overflowing.
        let length = end - start
        let on = min(dash.on, length), off = min(dash.off, length)
        let period = on + off
        var segment = start + (low - start) / period * period
        while segment < high {
            let segmentStart = max(segment, low), segmentEnd = min(segment + on, high)
            if segmentStart < segmentEnd { body(segmentStart, segmentEnd) }
            segment += period
        }
    }
}

extension Int {
    /// `self + other`, sticking at the bounds instead of trapping, for coordinates far off the image.
    fileprivate func clampedAdding(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        guard overflow else { return sum }
        return other > 0 ? .max : .min
    }

    /// `self * other`, sticking at the bounds instead of trapping.
    fileprivate func clampedMultiplied(by other: Int) -> Int {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        guard overflow else { return product }
        return (self < 0) == (other < 0) ? .max : .min
    }
}
