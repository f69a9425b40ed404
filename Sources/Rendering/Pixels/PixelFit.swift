/// Where an image of some size goes in a pane of cells: the largest size that keeps its
/// aspect ratio inside the pane's pixels, the height in whole sixel bands (a multiple of 6,
/// so a sixel terminal never pads or scrolls by a partial band), and the cells it covers.
public struct PixelFit: Sendable, Equatable {
    /// The bitmap's size in pixels.
    public let size: PixelSize
    /// The cells the bitmap covers (rounded up).
    public let columns: Int
    public let rows: Int

    /// Fits `source` (e.g. the viewport of the image) into `columns` x `rows` cells of
    /// `cell` pixels; nil when the pane or the source is empty.
    public init?(source: PixelSize, columns: Int, rows: Int, cell: PixelSize) {
        guard source.width > 0, source.height > 0, columns > 0, rows > 0, cell.width > 0, cell.height > 0 else { return nil }
        let boxWidth = columns * cell.width, boxHeight = rows * cell.height
        var width = boxWidth
        var height = Int((Double(source.height) * Double(boxWidth) / Double(source.width)).rounded())
        if height > boxHeight {
            height = boxHeight
            width = Int((Double(source.width) * Double(boxHeight) / Double(source.height)).rounded())
        }
        height = height / 6 * 6
        guard height >= 6 else { return nil }
        // The aspect ratio again, for the height in whole bands.
        width = min(boxWidth, max(1, Int((Double(source.width) * Double(height) / Double(source.height)).rounded())))
        size = PixelSize(width: width, height: height)
        self.columns = (width + cell.width - 1) / cell.width
        self.rows = (height + cell.height - 1) / cell.height
    }
}
