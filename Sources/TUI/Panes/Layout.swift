/// Where each pane goes for a terminal size: the image on the left, the list above the
/// inspector on the right, the status bar on the last row.
public struct Layout: Equatable, Sendable {
    /// Below this the browser only shows a message asking for a bigger terminal.
    public static let minimumColumns = 60
    public static let minimumRows = 20

    public let columns: Int
    public let rows: Int
    public let image: Rect
    public let list: Rect
    public let inspector: Rect
    public let status: Rect

    public var isTooSmall: Bool { columns < Self.minimumColumns || rows < Self.minimumRows }

    public init(columns: Int, rows: Int) {
        self.columns = columns
        self.rows = rows
        let side = min(60, max(30, columns * 2 / 5))
        let body = max(0, rows - 1)
        let inspectorHeight = min(max(0, body - 6), max(13, body * 3 / 5))
        image = Rect(x: 0, y: 0, width: columns - side - 1, height: body)
        list = Rect(x: columns - side, y: 0, width: side, height: body - inspectorHeight)
        inspector = Rect(x: columns - side, y: body - inspectorHeight, width: side, height: inspectorHeight)
        status = Rect(x: 0, y: body, width: columns, height: 1)
    }
}
