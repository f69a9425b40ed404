/// A surface of braille dots for line plots in a terminal: each character cell holds 2 dots
/// across and 4 down (Unicode's braille block, U+2800 to U+28FF), so a plot of C x R cells has
/// 2C x 4R dots. Dot (0, 0) is the top left. Several series share the surface; a cell is drawn
/// in the colour of the series that last set one of its dots, so the series drawn last is on top.
public struct BrailleCanvas: Sendable, Equatable {
    /// Width in character cells.
    public let columns: Int
    /// Height in character cells.
    public let rows: Int
    private var bits: [UInt8]
    private var owners: [Int?]

    /// The bit of each dot within its cell, by [row within cell][column within cell]
    /// (dots 1-2-3-7 down the left, 4-5-6-8 down the right).
    static let dotBits: [[UInt8]] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]

    /// An empty canvas of `columns` x `rows` cells.
    public init(columns: Int, rows: Int) {
        self.columns = max(0, columns)
        self.rows = max(0, rows)
        bits = [UInt8](repeating: 0, count: self.columns * self.rows)
        owners = [Int?](repeating: nil, count: self.columns * self.rows)
    }

    /// Width in dots.
    public var dotColumns: Int { columns * 2 }
    /// Height in dots.
    public var dotRows: Int { rows * 4 }

    /// Sets the dot at (`x`, `y`) for `series`; dots outside the canvas are ignored.
    public mutating func setDot(x: Int, y: Int, series: Int = 0) {
        guard x >= 0, y >= 0, x < dotColumns, y < dotRows else { return }
        let cell = (y / 4) * columns + x / 2
        bits[cell] |= Self.dotBits[y % 4][x % 2]
        owners[cell] = series
    }

    /// Whether the dot at (`x`, `y`) is set.
    public func isSet(x: Int, y: Int) -> Bool {
        guard x >= 0, y >= 0, x < dotColumns, y < dotRows else { return false }
        return bits[(y / 4) * columns + x / 2] & Self.dotBits[y % 4][x % 2] != 0
    }

    /// Sets every dot on the straight line between two dots, both ends included (Bresenham).
    public mutating func drawLine(fromX x0: Int, y y0: Int, toX x1: Int, y y1: Int, series: Int = 0) {
        let dx = abs(x1 - x0), dy = -abs(y1 - y0)
        let sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1
        var x = x0, y = y0, error = dx + dy
        // Long lines far outside the canvas are not walked dot by dot past its edge.
        let limit = dx - dy + 1
        for _ in 0..<limit {
            setDot(x: x, y: y, series: series)
            if x == x1 && y == y1 { break }
            let twice = 2 * error
            if twice >= dy { error += dy; x += sx }
            if twice <= dx { error += dx; y += sy }
        }
    }

    /// Draws a polyline through `points` given in the unit square (x and y from 0 to 1, y up):
    /// x = 0 is the first dot column, x = 1 the last; y = 0 the bottom dot row, y = 1 the top.
    /// Points that are not finite break the line.
    public mutating func plot(_ points: [(x: Double, y: Double)], series: Int = 0) {
        var previous: (x: Int, y: Int)?
        for point in points {
            guard let dot = self.dot(x: point.x, y: point.y) else {
                previous = nil
                continue
            }
            if let previous {
                drawLine(fromX: previous.x, y: previous.y, toX: dot.x, y: dot.y, series: series)
            } else {
                setDot(x: dot.x, y: dot.y, series: series)
            }
            previous = dot
        }
    }

    /// The dot of a point of the unit square (clamped to it), or nil when it is not finite.
    public func dot(x: Double, y: Double) -> (x: Int, y: Int)? {
        guard x.isFinite, y.isFinite, dotColumns > 0, dotRows > 0 else { return nil }
        let cx = min(max(x, 0), 1), cy = min(max(y, 0), 1)
        let column = Int((cx * Double(dotColumns - 1)).rounded())
        let row = Int(((1 - cy) * Double(dotRows - 1)).rounded())
        return (column, row)
    }

    /// The braille character of a cell (U+2800, blank, when no dot is set).
    public func character(column: Int, row: Int) -> Unicode.Scalar {
        guard column >= 0, row >= 0, column < columns, row < rows,
              let scalar = Unicode.Scalar(0x2800 + UInt32(bits[row * columns + column])) else { return " " }
        return scalar
    }

    /// The series that last set a dot of a cell, or nil when the cell is empty.
    public func series(column: Int, row: Int) -> Int? {
        guard column >= 0, row >= 0, column < columns, row < rows else { return nil }
        return owners[row * columns + column]
    }

    /// The canvas as cells: set cells in `color(series)`, empty cells left blank (a space).
    public func cells(color: (Int) -> TerminalColor) -> CellGrid {
        var grid = CellGrid(columns: columns, rows: rows)
        for row in 0..<rows {
            for column in 0..<columns {
                guard let owner = series(column: column, row: row) else { continue }
                grid[column, row] = Cell(character(column: column, row: row), foreground: color(owner))
            }
        }
        return grid
    }
}
