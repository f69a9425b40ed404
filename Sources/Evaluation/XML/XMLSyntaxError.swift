/// Why a document is not well-formed XML (or uses XML this reader does not accept), and
/// on which line (1-based) the problem was found.
struct XMLSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    let line: Int
    let reason: String

    var description: String { "line \(line): \(reason)" }
}
