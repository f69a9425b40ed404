/// Places box labels inside the grid; a label never covers an earlier one, so the boxes
/// placed first (the selected box, the highest scores) keep their labels.
public struct LabelPlacer {
    public let columns: Int
    public let rows: Int
    private var occupied: [[Range<Int>]]

    public init(columns: Int, rows: Int) {
        self.columns = columns
        self.rows = rows
        self.occupied = Array(repeating: [], count: max(0, rows))
    }

    /// Chooses where a label of `length` cells goes for a box spanning cells
    /// [left, right] x [top, bottom]: above its top-left corner, inside the top edge, below
    /// the bottom edge, or inside the bottom edge, right-aligned variants after. Returns the
    /// start column, row and the (possibly shortened) length, and marks the cells used; nil
    /// when every spot overlaps an earlier label.
    public mutating func place(length: Int, left: Int, right: Int, top: Int, bottom: Int) -> (column: Int, row: Int, length: Int)? {
        guard rows > 0, columns > 0, length > 0 else { return nil }
        let n = min(length, columns)
        let leftStart = min(max(0, left), columns - n)
        let rightStart = min(max(0, right - n + 1), columns - n)
        let candidates = [
            (leftStart, top - 1), (leftStart, top), (leftStart, bottom + 1), (leftStart, bottom),
            (rightStart, top - 1), (rightStart, top), (rightStart, bottom + 1), (rightStart, bottom),
        ].filter { $0.1 >= 0 && $0.1 < rows }
        let clamped = (leftStart, min(max(0, top), rows - 1))
        guard let choice = (candidates + [clamped]).first(where: { free(column: $0.0, row: $0.1, length: n) }) else {
            return nil
        }
        occupied[choice.1].append(choice.0..<(choice.0 + n))
        return (choice.0, choice.1, n)
    }

    private func free(column: Int, row: Int, length: Int) -> Bool {
        let span = column..<(column + length)
        return !occupied[row].contains { $0.overlaps(span) }
    }
}
