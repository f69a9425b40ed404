/// A place in a TOML text: 1-based line, and 1-based column counted in Unicode scalars.
struct TOMLPosition: Sendable, Hashable, CustomStringConvertible {
    var line: Int
    var column: Int

    var description: String { "\(line):\(column)" }
}
