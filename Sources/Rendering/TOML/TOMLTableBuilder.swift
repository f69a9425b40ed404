/// A table while `TOMLReader` reads the text. TOML's rules on defining tables live here:
/// a table is defined once (by its header, by dotted keys, or inline), inline tables are
/// closed, and dotted keys add only to tables their own section created.
final class TOMLTableBuilder {
    /// How the table came to be, which decides what may still add to it.
    enum Origin: Equatable {
        /// Created as the parent of a header's table (`a` for `[a.b]`); a header may still define it.
        case implicit
        /// Defined by its `[header]`.
        case header
        /// Created by a dotted key in the section (or inline table) numbered `section`.
        case dotted(section: Int)
    }

    /// What a key holds: a finished value (inline tables and arrays are closed), or a table
    /// still open to headers and dotted keys.
    private enum Slot {
        case value(TOMLValue, TOMLPosition)
        case table(TOMLTableBuilder)
    }

    let path: [String]
    /// How deep the table sits in the document: its path's length for sections, more for
    /// inline tables inside arrays.
    let depth: Int
    private(set) var origin: Origin
    /// Where the table was defined (or first named, while implicit).
    private(set) var position: TOMLPosition
    private var keys: [String] = []
    private var slots: [String: Slot] = [:]

    init(path: [String], depth: Int? = nil, origin: Origin, position: TOMLPosition) {
        self.path = path
        self.depth = depth ?? path.count
        self.origin = origin
        self.position = position
    }

    /// How messages name this table.
    var name: String { path.isEmpty ? "the top level" : "[\(TOMLKey.display(path))]" }

    /// The table a `[header]` names, from the root table: parents are created as needed,
    /// and the table itself must not have been defined before.
    func defineTable(_ header: [String], at position: TOMLPosition) throws(TOMLError) -> TOMLTableBuilder {
        var table = self
        for (i, part) in header.enumerated() {
            let isLast = i == header.count - 1
            let here = Array(header[...i])
            switch table.slots[part] {
            case nil:
                let child = TOMLTableBuilder(path: here, origin: isLast ? .header : .implicit, position: position)
                table.insert(part, .table(child))
                table = child
            case .value(.table(_), _)?:
                throw TOMLError(position: position, problem: .inlineTableExtended(table: TOMLKey.display(here)))
            case .value?:
                throw TOMLError(position: position, problem: .notATable(key: TOMLKey.display(here)))
            case .table(let child)?:
                if isLast {
                    switch child.origin {
                    case .implicit:
                        child.origin = .header
                        child.position = position
                    case .header:
                        throw TOMLError(position: position, problem: .tableDefinedTwice(
                            table: TOMLKey.display(here), firstLine: child.position.line))
                    case .dotted:
                        throw TOMLError(position: position, problem: .tableDefinedByDottedKeys(
                            table: TOMLKey.display(here), line: child.position.line))
                    }
                }
                table = child
            }
        }
        return table
    }

    /// Sets `key` (dotted: one part per element) to `value` in this table, creating the
    /// tables of a dotted key's first parts on the way.
    func assign(_ value: TOMLValue, to key: [String], at position: TOMLPosition, section: Int) throws(TOMLError) {
        var table = self
        for (i, part) in key.dropLast().enumerated() {
            let written = TOMLKey.display(key[...i])
            switch table.slots[part] {
            case nil:
                let child = TOMLTableBuilder(
                    path: table.path + [part], depth: table.depth + 1, origin: .dotted(section: section), position: position)
                table.insert(part, .table(child))
                table = child
            case .value(.table(_), _)?:
                throw TOMLError(position: position, problem: .inlineTableExtended(table: TOMLKey.display(table.path + [part])))
            case .value?:
                throw TOMLError(position: position, problem: .notATable(key: written))
            case .table(let child)?:
                switch child.origin {
                case .implicit:
                    // Now defined by these dotted keys: no header may define it later.
                    child.origin = .dotted(section: section)
                case .dotted(let s) where s == section:
                    break
                case .header, .dotted:
                    throw TOMLError(position: position, problem: .dottedKeyIntoDefinedTable(
                        key: TOMLKey.display(key), table: TOMLKey.display(child.path), line: child.position.line))
                }
                table = child
            }
        }
        guard let last = key.last else { return }
        if table.slots[last] != nil {
            throw TOMLError(position: position, problem: .duplicateKey(key: TOMLKey.display([last]), table: table.name))
        }
        table.insert(last, .value(value, position))
    }

    private func insert(_ key: String, _ slot: Slot) {
        keys.append(key)
        slots[key] = slot
    }

    /// The finished table, keys in the order they were first written.
    func finish() -> TOMLTable {
        var table = TOMLTable()
        for key in keys {
            switch slots[key] {
            case let .value(value, position)?:
                table.append(.init(key: key, value: value, position: position))
            case let .table(child)?:
                table.append(.init(key: key, value: .table(child.finish()), position: child.position))
            case nil:
                break
            }
        }
        return table
    }
}
