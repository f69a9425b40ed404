/// A position in the UTF-8 bytes of a TOML text that knows its line and column, and skips
/// what TOML treats as space: blanks, comments and line ends.
struct TOMLCursor {
    let bytes: [UInt8]
    private(set) var offset = 0
    private var line = 1
    private var lineStart = 0
    // The last column worked out on this line, so columns cost O(line length) per line in
    // total rather than per question (one line may hold a whole inline table).
    private var knownOffset = 0
    private var knownColumn = 1

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The byte under the cursor; nil at the end.
    var current: UInt8? { offset < bytes.count ? bytes[offset] : nil }

    func byte(ahead distance: Int) -> UInt8? {
        offset + distance < bytes.count ? bytes[offset + distance] : nil
    }

    /// Moves past one byte that is not a line end (line ends go through `skipLineEnd`).
    mutating func advance(by count: Int = 1) {
        offset = min(offset + count, bytes.count)
    }

    /// Where `at` is (the cursor by default); `at` must lie on the cursor's line.
    mutating func position(at target: Int? = nil) -> TOMLPosition {
        let target = target ?? offset
        if knownOffset < lineStart || knownOffset > target {
            knownOffset = lineStart
            knownColumn = 1
        }
        while knownOffset < target {
            // Continuation bytes (10xxxxxx) do not start a scalar.
            if bytes[knownOffset] & 0xC0 != 0x80 { knownColumn += 1 }
            knownOffset += 1
        }
        return TOMLPosition(line: line, column: knownColumn)
    }

    mutating func error(_ problem: TOMLError.Problem, at target: Int? = nil) -> TOMLError {
        TOMLError(position: position(at: target), problem: problem)
    }

    /// The error for an unexpected byte (or end) under the cursor.
    mutating func unexpected(expected: String) -> TOMLError {
        error(.unexpected(found: describeCurrent(), expected: expected))
    }

    /// How the character under the cursor is shown in messages.
    func describeCurrent() -> String {
        guard let b = current else { return "end of file" }
        if b == 0x0A || (b == 0x0D && byte(ahead: 1) == 0x0A) { return "end of line" }
        if b >= 0x20 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        if b < 0x80 { return TOMLError.scalarName(UInt32(b)) }
        let end = min(offset + 4, bytes.count)
        let scalar = String(decoding: bytes[offset..<end], as: UTF8.self).unicodeScalars.first
        return TOMLError.scalarName(scalar?.value ?? 0xFFFD)
    }

    /// Skips spaces and tabs.
    mutating func skipBlanks() {
        while let b = current, b == 0x20 || b == 0x09 { offset += 1 }
    }

    /// True when the cursor is at a line end (LF or CRLF) or the end of the text.
    var isAtLineEnd: Bool {
        guard let b = current else { return true }
        return b == 0x0A || (b == 0x0D && byte(ahead: 1) == 0x0A)
    }

    /// Moves past a line end (LF or CRLF); false when there is none under the cursor.
    mutating func skipLineEnd() -> Bool {
        guard let b = current else { return false }
        if b == 0x0D && byte(ahead: 1) == 0x0A {
            offset += 1
        } else if b != 0x0A {
            return false
        }
        offset += 1
        line += 1
        lineStart = offset
        return true
    }

    /// Skips a comment, if one starts here, up to (not over) its line end. TOML allows no
    /// control characters but tab in comments.
    mutating func skipComment() throws(TOMLError) {
        guard current == UInt8(ascii: "#") else { return }
        while !isAtLineEnd, let b = current {
            if (b < 0x20 && b != 0x09) || b == 0x7F { throw error(.controlCharacter(UInt32(b))) }
            offset += 1
        }
    }

    /// Ends a statement: blanks, perhaps a comment, then a line end or the end of the text.
    mutating func finishLine() throws(TOMLError) {
        skipBlanks()
        try skipComment()
        if current == nil { return }
        guard skipLineEnd() else { throw unexpected(expected: "the end of the line") }
    }

    /// Skips blanks, comments and line ends (between the values of an array).
    mutating func skipSpaceAcrossLines() throws(TOMLError) {
        while true {
            skipBlanks()
            try skipComment()
            if !skipLineEnd() { return }
        }
    }
}
