/// A TOML table: its keys in the order they were written, each with its value and the place
/// the key was written (so theme errors can point at it).
struct TOMLTable: Sendable, Equatable {
    struct Entry: Sendable, Equatable {
        var key: String
        var value: TOMLValue
        /// Where the key was written; for a table made by a `[header]`, where the header was.
        var position: TOMLPosition
    }

    private(set) var entries: [Entry] = []
    private var indices: [String: Int] = [:]

    init() {}

    /// Appends an entry; false (and no change) when the key is already present.
    @discardableResult
    mutating func append(_ entry: Entry) -> Bool {
        guard indices[entry.key] == nil else { return false }
        indices[entry.key] = entries.count
        entries.append(entry)
        return true
    }

    subscript(key: String) -> Entry? {
        indices[key].map { entries[$0] }
    }

    static func == (a: TOMLTable, b: TOMLTable) -> Bool { a.entries == b.entries }
}
