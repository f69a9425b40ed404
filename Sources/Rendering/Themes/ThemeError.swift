/// Why a theme could not be loaded; names the file and, where known, the line and column.
public struct ThemeError: Error, Equatable, CustomStringConvertible, Sendable {
    public let file: String
    public let line: Int?
    /// 1-based, in characters (Unicode scalars) from the start of the line.
    public let column: Int?
    public let message: String

    init(file: String, line: Int?, column: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    init(file: String, position: TOMLPosition?, message: String) {
        self.init(file: file, line: position?.line, column: position?.column, message: message)
    }

    /// `file:line:column: message`, the form editors and terminals turn into links.
    public var description: String {
        switch (line, column) {
        case let (line?, column?): return "\(file):\(line):\(column): \(message)"
        case let (line?, nil): return "\(file):\(line): \(message)"
        default: return "\(file): \(message)"
        }
    }
}
