/// Reads the part of TOML 1.0 that theme files need, strictly: whatever it accepts means what
/// TOML says, and the rest of TOML (dates and times, multi-line strings, arrays of tables) is
/// refused by name rather than guessed at.
///
/// Accepted: comments; bare, quoted and dotted keys; `[table]` headers; basic strings (with
/// TOML's escapes) and literal strings; integers (decimal, hex, octal, binary); floats;
/// booleans; arrays (across lines, trailing comma); inline tables.
///
/// The text is read once, left to right, without recursion except into nested values, whose
/// depth is bounded (`maxDepth`), as is the text's size (`maxBytes`).
struct TOMLReader {
    /// Larger than any theme by far; bounds the work a hostile file can ask for.
    static let maxBytes = 1 << 20
    /// How deep tables and arrays may nest (also bounds the recursion reading values).
    static let maxDepth = 32

    /// The table a TOML text holds.
    static func read(_ text: String) throws(TOMLError) -> TOMLTable {
        let bytes = Array(text.utf8)
        guard bytes.count <= maxBytes else {
            throw TOMLError(position: TOMLPosition(line: 1, column: 1), problem: .tooLarge(limit: maxBytes))
        }
        var reader = TOMLReader(bytes)
        return try reader.readDocument()
    }

    var cursor: TOMLCursor
    private let root = TOMLTableBuilder(path: [], origin: .header, position: TOMLPosition(line: 1, column: 1))
    /// The table the latest header opened; key/value lines go into it.
    private var section: TOMLTableBuilder
    /// The number of `section`: dotted keys know by it which tables their own section made.
    private var sectionNumber = 0
    /// The last number given to a section or inline table.
    private var lastSectionNumber = 0

    private init(_ bytes: [UInt8]) {
        cursor = TOMLCursor(bytes)
        section = root
    }

    /// The document: one statement (header, key/value, or nothing) per line.
    private mutating func readDocument() throws(TOMLError) -> TOMLTable {
        while cursor.current != nil {
            cursor.skipBlanks()
            if cursor.current == UInt8(ascii: "[") {
                try readHeader()
            } else if cursor.current != UInt8(ascii: "#") && !cursor.isAtLineEnd {
                try readKeyValue(into: section, section: sectionNumber)
            }
            try cursor.finishLine()
        }
        return root.finish()
    }

    /// `[a.b]`: opens the section where the following key/value lines go.
    private mutating func readHeader() throws(TOMLError) {
        let start = cursor.position()
        cursor.advance()
        if cursor.current == UInt8(ascii: "[") {
            throw cursor.error(.unsupported("arrays of tables ([[...]])"))
        }
        let key = try readKey()
        guard cursor.current == UInt8(ascii: "]") else {
            throw cursor.unexpected(expected: "'.' or ']' to close the table header")
        }
        cursor.advance()
        sectionNumber = nextSectionNumber()
        section = try root.defineTable(key, at: start)
    }

    /// A new number for a section or inline table.
    mutating func nextSectionNumber() -> Int {
        lastSectionNumber += 1
        return lastSectionNumber
    }

    /// `key = value`, into `table` (a section or an inline table).
    mutating func readKeyValue(into table: TOMLTableBuilder, section: Int) throws(TOMLError) {
        cursor.skipBlanks()
        let start = cursor.position()
        let key = try readKey()
        guard table.depth + key.count <= Self.maxDepth else {
            throw TOMLError(position: start, problem: .tooDeep(limit: Self.maxDepth))
        }
        guard cursor.current == UInt8(ascii: "=") else {
            throw cursor.unexpected(expected: "'.' or '=' after the key")
        }
        cursor.advance()
        cursor.skipBlanks()
        let value = try readValue(path: table.path + key, depth: table.depth + key.count)
        try table.assign(value, to: key, at: start, section: section)
    }

    /// A key of one or more parts joined by dots (blanks around the dots allowed); leaves the
    /// cursor after the blanks that follow it.
    mutating func readKey() throws(TOMLError) -> [String] {
        var parts: [String] = []
        while true {
            cursor.skipBlanks()
            guard parts.count < Self.maxDepth else { throw cursor.error(.tooDeep(limit: Self.maxDepth)) }
            parts.append(try readSimpleKey())
            cursor.skipBlanks()
            guard cursor.current == UInt8(ascii: ".") else { return parts }
            cursor.advance()
        }
    }

    /// One part of a key: bare, or a one-line quoted string.
    private mutating func readSimpleKey() throws(TOMLError) -> String {
        switch cursor.current {
        case UInt8(ascii: "\"")?:
            return try readBasicString()
        case UInt8(ascii: "'")?:
            return try readLiteralString()
        case let b? where TOMLKey.isBare(b):
            let start = cursor.offset
            while let b = cursor.current, TOMLKey.isBare(b) { cursor.advance() }
            return String(decoding: cursor.bytes[start..<cursor.offset], as: UTF8.self)
        default:
            throw cursor.unexpected(expected: "a key (A-Za-z0-9_- or a quoted string)")
        }
    }
}
