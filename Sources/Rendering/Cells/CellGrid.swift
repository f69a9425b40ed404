/// A rectangle of cells: what every renderer and pane draws into.
public struct CellGrid: Sendable, Equatable {
    public let columns: Int
    public let rows: Int
    public private(set) var cells: [Cell]

    /// A grid over existing cells (row-major); missing cells are blank, extra ones dropped.
    public init(columns: Int, rows: Int, cells: [Cell]) {
        self.columns = max(0, columns)
        self.rows = max(0, rows)
        let count = self.columns * self.rows
        self.cells = cells.count == count ? cells
            : Array(cells.prefix(count)) + Array(repeating: .blank, count: max(0, count - cells.count))
    }

    public init(columns: Int, rows: Int, fill: Cell = .blank) {
        self.columns = max(0, columns)
        self.rows = max(0, rows)
        self.cells = Array(repeating: fill, count: self.columns * self.rows)
    }

    /// The cell at (column, row); reading outside the grid gives a blank cell and writing
    /// there does nothing, so callers can clip by simply drawing.
    public subscript(column: Int, row: Int) -> Cell {
        get { contains(column: column, row: row) ? cells[row * columns + column] : .blank }
        set { if contains(column: column, row: row) { cells[row * columns + column] = newValue } }
    }

    public func contains(column: Int, row: Int) -> Bool {
        column >= 0 && column < columns && row >= 0 && row < rows
    }

    /// Writes `text` from (column, row) rightwards in the given colours, clipped to the grid.
    /// Returns the number of cells written.
    @discardableResult
    public mutating func write(_ text: String, column: Int, row: Int, foreground: TerminalColor,
                               background: TerminalColor, attributes: CellAttributes = []) -> Int {
        var x = column
        for scalar in text.unicodeScalars {
            self[x, row] = Cell(scalar, foreground: foreground, background: background, attributes: attributes)
            x += 1
        }
        return x - column
    }

    /// Copies `other` into this grid with its top-left at (column, row), clipped.
    public mutating func paste(_ other: CellGrid, column: Int, row: Int) {
        for y in 0..<other.rows {
            for x in 0..<other.columns { self[column + x, row + y] = other[x, y] }
        }
    }

    /// The glyphs of one row as a string (for tests and plain-text dumps).
    public func text(row: Int) -> String {
        var s = String.UnicodeScalarView()
        for x in 0..<columns { s.append(self[x, row].scalar) }
        return String(s)
    }
}
