/// Why a text is not TOML that `TOMLReader` accepts, and where.
///
/// Every case is either against TOML 1.0 or a part of TOML that themes do not need (the
/// reader refuses those rather than guess at them).
struct TOMLError: Error, Sendable, Equatable, CustomStringConvertible {
    var position: TOMLPosition
    var problem: Problem

    var description: String { "\(position): \(problem)" }

    enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        /// `found` is a shown character ("'$'", "U+FFFD") or "end of line"/"end of file".
        case unexpected(found: String, expected: String)
        case duplicateKey(key: String, table: String)
        /// A `[table]` header for a table another header already defined.
        case tableDefinedTwice(table: String, firstLine: Int)
        /// A `[table]` header for a table that dotted keys (`a.b = 1`) already defined.
        case tableDefinedByDottedKeys(table: String, line: Int)
        /// A header or dotted key would extend a table written inline (`{ ... }`).
        case inlineTableExtended(table: String)
        /// A dotted key would add to a table that a `[header]`, or dotted keys in another
        /// section, already defined.
        case dottedKeyIntoDefinedTable(key: String, table: String, line: Int)
        /// A key already holds a value that is not a table, so it cannot hold keys.
        case notATable(key: String)
        case unclosedString
        case controlCharacter(UInt32)
        case unknownEscape(String)
        case invalidUnicodeEscape(String)
        case invalidNumber(String, reason: String)
        /// A bare word where a value belongs (most often a string without its quotes).
        case invalidValue(String)
        /// Valid TOML, but not something a theme needs (dates, multi-line strings, ...).
        case unsupported(String)
        case tooLarge(limit: Int)
        case tooDeep(limit: Int)

        var description: String {
            switch self {
            case let .unexpected(found, expected):
                return "unexpected \(found), expected \(expected)"
            case let .duplicateKey(key, table):
                return "duplicate key '\(key)' in \(table)"
            case let .tableDefinedTwice(table, firstLine):
                return "table [\(table)] is defined twice (first on line \(firstLine))"
            case let .tableDefinedByDottedKeys(table, line):
                return "table [\(table)] is already defined by dotted keys on line \(line)"
            case let .inlineTableExtended(table):
                return "table '\(table)' is written inline ({ ... }) and cannot be extended elsewhere"
            case let .dottedKeyIntoDefinedTable(key, table, line):
                return "dotted key '\(key)' adds to table [\(table)], already defined on line \(line); TOML allows that only in the section that defined it"
            case let .notATable(key):
                return "'\(key)' already holds a value, so it cannot hold keys"
            case .unclosedString:
                return "string is not closed on its line (multi-line strings are not supported in themes)"
            case let .controlCharacter(value):
                return "control character \(TOMLError.scalarName(value)) is not allowed here; write it as an escape in a basic string"
            case let .unknownEscape(escape):
                return "unknown escape '\(escape)' (TOML has \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX)"
            case let .invalidUnicodeEscape(escape):
                return "'\(escape)' is not a Unicode scalar value"
            case let .invalidNumber(text, reason):
                return "'\(text)' is not a TOML number: \(reason)"
            case let .invalidValue(text):
                return "'\(text)' is not a TOML value (strings need quotes: \"\(text)\")"
            case let .unsupported(what):
                return "\(what) are not supported in themes"
            case let .tooLarge(limit):
                return "the text is larger than \(limit) bytes"
            case let .tooDeep(limit):
                return "tables and arrays nest deeper than \(limit) levels"
            }
        }
    }

    /// "U+0007": how a character that cannot be shown is named in messages.
    static func scalarName(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
