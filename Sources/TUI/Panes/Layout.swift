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

    /// The narrowest half of the split view (`M`); narrower, the split shows one picture.
    public static let minimumSplitHalf = 30

    /// Whether the image pane has room for two pictures side by side.
    public var fitsSplit: Bool { !isTooSmall && image.width >= 2 * Self.minimumSplitHalf + 1 }

    /// The image pane's two halves in the split view, a separator column between them.
    public var imageHalves: (left: Rect, right: Rect) {
        let left = (image.width - 1) / 2
        return (Rect(x: image.x, y: image.y, width: left, height: image.height),
                Rect(x: image.x + left + 1, y: image.y, width: image.width - left - 1, height: image.height))
    }

    /// The fewest terminal columns the split view needs.
    public static var minimumSplitColumns: Int {
        (minimumColumns...1000).first { Layout(columns: $0, rows: minimumRows).fitsSplit } ?? 1000
    }

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
