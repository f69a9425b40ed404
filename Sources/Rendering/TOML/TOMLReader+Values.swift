extension TOMLReader {
    /// The value under the cursor; `path` names its key for messages, `depth` is how deep
    /// it sits in the document (bounded, as reading nests).
    mutating func readValue(path: [String], depth: Int) throws(TOMLError) -> TOMLValue {
        guard depth <= Self.maxDepth else { throw cursor.error(.tooDeep(limit: Self.maxDepth)) }
        switch cursor.current {
        case UInt8(ascii: "\"")?:
            if startsMultilineString() { throw cursor.error(.unsupported("multi-line strings (\"\"\")")) }
            return .string(try readBasicString())
        case UInt8(ascii: "'")?:
            if startsMultilineString() { throw cursor.error(.unsupported("multi-line strings (''')")) }
            return .string(try readLiteralString())
        case UInt8(ascii: "[")?:
            return try readArray(path: path, depth: depth)
        case UInt8(ascii: "{")?:
            return try readInlineTable(path: path, depth: depth)
        default:
            return try readBareValue()
        }
    }

    private func startsMultilineString() -> Bool {
        cursor.byte(ahead: 1) == cursor.current && cursor.byte(ahead: 2) == cursor.current
    }

    /// `[v, v, ...]`, across lines, comments allowed between values, trailing comma allowed.
    private mutating func readArray(path: [String], depth: Int) throws(TOMLError) -> TOMLValue {
        cursor.advance()
        var items: [TOMLValue] = []
        while true {
            try cursor.skipSpaceAcrossLines()
            if cursor.current == UInt8(ascii: "]") { break }
            items.append(try readValue(path: path, depth: depth + 1))
            try cursor.skipSpaceAcrossLines()
            if cursor.current == UInt8(ascii: ",") {
                cursor.advance()
            } else if cursor.current != UInt8(ascii: "]") {
                throw cursor.unexpected(expected: "',' or ']' in the array")
            }
        }
        cursor.advance()
        return .array(items)
    }

    /// `{ k = v, ... }` on one line, no trailing comma; closed to headers and dotted keys
    /// once read.
    private mutating func readInlineTable(path: [String], depth: Int) throws(TOMLError) -> TOMLValue {
        let start = cursor.position()
        cursor.advance()
        let table = TOMLTableBuilder(path: path, depth: depth, origin: .header, position: start)
        let section = nextSectionNumber()
        cursor.skipBlanks()
        if cursor.current == UInt8(ascii: "}") {
            cursor.advance()
            return .table(table.finish())
        }
        while true {
            try readKeyValue(into: table, section: section)
            cursor.skipBlanks()
            if cursor.current == UInt8(ascii: "}") { break }
            guard cursor.current == UInt8(ascii: ",") else {
                throw cursor.unexpected(expected: "',' or '}' in the inline table (inline tables stay on one line)")
            }
            cursor.advance()
        }
        cursor.advance()
        return .table(table.finish())
    }

    /// A number, boolean or (refused) date: a run of the characters those are written with.
    private mutating func readBareValue() throws(TOMLError) -> TOMLValue {
        let start = cursor.offset
        while let b = cursor.current, TOMLBareValue.isWordByte(b) { cursor.advance() }
        guard cursor.offset > start else { throw cursor.unexpected(expected: "a value") }
        let word = String(decoding: cursor.bytes[start..<cursor.offset], as: UTF8.self)
        do {
            return try TOMLBareValue.parse(word)
        } catch {
            throw cursor.error(error, at: start)
        }
    }
}
