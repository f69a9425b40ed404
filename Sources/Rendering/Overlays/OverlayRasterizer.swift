import Imaging

/// Rasterises boxes onto the atom grid of a cell grid, so each edge lands on the sub-pixel
/// (atom) that contains its true position.
public struct OverlayRasterizer {
    public let geometry: SymbolGeometry
    public let columns: Int
    public let rows: Int
    public let imageWidth: Double
    public let imageHeight: Double

    public init(geometry: SymbolGeometry, columns: Int, rows: Int, imageWidth: Int, imageHeight: Int) {
        self.geometry = geometry
        self.columns = columns
        self.rows = rows
        self.imageWidth = Double(imageWidth)
        self.imageHeight = Double(imageHeight)
    }

    /// Global atom column holding image x (clamped to the grid).
    public func atomColumn(x: Double) -> Int {
        atomIndex(position: x / imageWidth * Double(columns), cells: columns, bounds: geometry.columns,
                  cellSize: SymbolGeometry.cellWidth)
    }

    /// Global atom row holding image y (clamped to the grid).
    public func atomRow(y: Double) -> Int {
        atomIndex(position: y / imageHeight * Double(rows), cells: rows, bounds: geometry.rows,
                  cellSize: SymbolGeometry.cellHeight)
    }

    private func atomIndex(position: Double, cells: Int, bounds: [Int], cellSize: Int) -> Int {
        let perCell = bounds.count - 1
        guard position.isFinite else { return 0 }
        let p = min(max(position, 0), Double(cells) - 1e-9)
        let cell = Int(p)
        let inCell = (p - Double(cell)) * Double(cellSize)
        var k = 0
        while k + 1 < perCell && Double(bounds[k + 1]) <= inCell { k += 1 }
        return cell * perCell + k
    }

    /// Overlay atoms per cell (key: row * columns + column). Later boxes win a cell.
    public func rasterize(_ boxes: [BoxOverlay]) -> [Int: CellOverlay] {
        var out: [Int: CellOverlay] = [:]
        let ac = geometry.atomColumns, ar = geometry.atomRows
        func paint(_ gx: Int, _ gy: Int, _ color: RGBColor) {
            guard gx >= 0, gy >= 0, gx < columns * ac, gy < rows * ar else { return }
            let cell = (gy / ar) * columns + gx / ac
            let bit = UInt64(1) << UInt64((gy % ar) * ac + gx % ac)
            if var existing = out[cell], existing.color == color {
                existing.mask |= bit
                out[cell] = existing
            } else {
                out[cell] = CellOverlay(mask: bit, color: color)
            }
        }
        for box in boxes {
            guard box.x1.isFinite, box.y1.isFinite, box.x2.isFinite, box.y2.isFinite else { continue }
            let left = atomColumn(x: min(box.x1, box.x2)), right = atomColumn(x: max(box.x1, box.x2) - 1e-6)
            let top = atomRow(y: min(box.y1, box.y2)), bottom = atomRow(y: max(box.y1, box.y2) - 1e-6)
            for t in 0..<box.style.thickness {
                for gx in left...max(left, right) where box.style.paints(gx - left) {
                    paint(gx, min(top + t, bottom), box.color)
                    paint(gx, max(bottom - t, top), box.color)
                }
                for gy in top...max(top, bottom) where box.style.paints(gy - top) {
                    paint(min(left + t, right), gy, box.color)
                    paint(max(right - t, left), gy, box.color)
                }
            }
        }
        return out
    }
}
