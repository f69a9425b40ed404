extension TOMLReader {
    /// `"..."`: one line, TOML's escapes; the cursor is on the opening quote.
    mutating func readBasicString() throws(TOMLError) -> String {
        let start = cursor.offset
        cursor.advance()
        var out: [UInt8] = []
        while true {
            guard let b = cursor.current else { throw cursor.error(.unclosedString, at: start) }
            switch b {
            case UInt8(ascii: "\""):
                cursor.advance()
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try readEscape(into: &out)
            default:
                try checkStringByte(b, stringStart: start)
                out.append(b)
                cursor.advance()
            }
        }
    }

    /// `'...'`: one line, taken as written (no escapes); the cursor is on the opening quote.
    mutating func readLiteralString() throws(TOMLError) -> String {
        let start = cursor.offset
        cursor.advance()
        let contentStart = cursor.offset
        while true {
            guard let b = cursor.current else { throw cursor.error(.unclosedString, at: start) }
            if b == UInt8(ascii: "'") { break }
            try checkStringByte(b, stringStart: start)
            cursor.advance()
        }
        let text = String(decoding: cursor.bytes[contentStart..<cursor.offset], as: UTF8.self)
        cursor.advance()
        return text
    }

    /// Strings end on their line and hold no control characters but tab.
    private mutating func checkStringByte(_ b: UInt8, stringStart: Int) throws(TOMLError) {
        if cursor.isAtLineEnd { throw cursor.error(.unclosedString, at: stringStart) }
        if (b < 0x20 && b != 0x09) || b == 0x7F { throw cursor.error(.controlCharacter(UInt32(b))) }
    }

    /// One escape, the cursor on its backslash; appends the UTF-8 of what it stands for.
    private mutating func readEscape(into out: inout [UInt8]) throws(TOMLError) {
        let start = cursor.offset
        cursor.advance()
        let simple: UInt8?
        switch cursor.current {
        case UInt8(ascii: "b")?: simple = 0x08
        case UInt8(ascii: "t")?: simple = 0x09
        case UInt8(ascii: "n")?: simple = 0x0A
        case UInt8(ascii: "f")?: simple = 0x0C
        case UInt8(ascii: "r")?: simple = 0x0D
        case UInt8(ascii: "\"")?: simple = UInt8(ascii: "\"")
        case UInt8(ascii: "\\")?: simple = UInt8(ascii: "\\")
        case UInt8(ascii: "u")?, UInt8(ascii: "U")?: simple = nil
        default:
            let shown = cursor.isAtLineEnd ? "\\" : "\\" + String(decoding: cursor.bytes[cursor.offset..<nextScalarEnd()], as: UTF8.self)
            throw cursor.error(.unknownEscape(shown), at: start)
        }
        if let simple {
            out.append(simple)
            cursor.advance()
            return
        }
        let digits = cursor.current == UInt8(ascii: "u") ? 4 : 8
        cursor.advance()
        var value: UInt32 = 0
        for _ in 0..<digits {
            guard let b = cursor.current, let digit = Self.hexValue(b) else {
                throw cursor.unexpected(expected: "\(digits) hex digits after \\\(digits == 4 ? "u" : "U")")
            }
            value = value << 4 | UInt32(digit)
            cursor.advance()
        }
        // Surrogates and values past U+10FFFF are no scalars.
        guard let scalar = Unicode.Scalar(value) else {
            throw cursor.error(.invalidUnicodeEscape(String(decoding: cursor.bytes[start..<cursor.offset], as: UTF8.self)), at: start)
        }
        out.append(contentsOf: String(Character(scalar)).utf8)
    }

    /// The end of the UTF-8 sequence under the cursor (for showing one character).
    private func nextScalarEnd() -> Int {
        var end = cursor.offset + 1
        while end < cursor.bytes.count && cursor.bytes[end] & 0xC0 == 0x80 { end += 1 }
        return end
    }

    private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x41...0x46: return b - 0x41 + 10
        case 0x61...0x66: return b - 0x61 + 10
        default: return nil
        }
    }
}
