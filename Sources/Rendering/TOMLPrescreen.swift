import Foundation

/// Cleans theme text before TOMLKit sees it: drops comments and refuses non-ASCII characters
/// outside strings.
///
/// Why: toml++ (under TOMLKit) aborts the whole process on an internal assertion for some
/// non-ASCII input (found by fuzzing: replacement characters near a comment made
/// `parse_key` assert). Themes need non-ASCII only in comments and strings, so comments are
/// removed here (newlines kept, so line numbers stay right) and anything else non-ASCII
/// outside a string is reported with its line. Keys and table headers are checked here too:
/// toml++ also asserts on some malformed ASCII keys (`[$`, found by fuzzing).
enum TOMLPrescreen {
    /// Where the scanner is in a TOML statement.
    private enum Place { case lineStart, key, header, afterHeader, value }
    /// An open bracket in a value: an array, or an inline table reading a key or a value.
    private enum Nest { case array, tableKey, tableValue }

    private static func isBareKey(_ c: Unicode.Scalar) -> Bool {
        (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "_" || c == "-"
    }

    static func clean(_ text: String, file: String) throws(ThemeError) -> String {
        var out = String.UnicodeScalarView()
        var line = 1
        var quote: Unicode.Scalar?     // the delimiter of the string we are in
        var multiline = false
        var inComment = false
        var escaped = false
        var place = Place.lineStart
        var nests: [Nest] = []
        var headerBrackets = 0
        // The key being read, with each quoted part as "Q", checked when the key ends.
        var keyText = ""
        func endKey() throws(ThemeError) {
            defer { keyText = "" }
            for part in keyText.split(separator: ".", omittingEmptySubsequences: false) {
                let segment = part.trimmingCharacters(in: .whitespaces)
                guard !segment.isEmpty, segment == "Q" || segment.unicodeScalars.allSatisfy(isBareKey) else {
                    throw ThemeError(file: file, line: line, message: "\"\(keyText.trimmingCharacters(in: .whitespaces))\" is not a valid key")
                }
            }
        }
        func bad(_ c: Unicode.Scalar, _ what: String) -> ThemeError {
            let shown = c.isASCII && c.value >= 0x20 ? "'\(Character(c))'" : "U+\(String(c.value, radix: 16, uppercase: true))"
            return ThemeError(file: file, line: line, message: "unexpected \(shown) \(what)")
        }
        let scalars = Array(text.unicodeScalars)
        var i = 0
        func starts(_ s: String, at k: Int) -> Bool {
            let pattern = Array(s.unicodeScalars)
            return k + pattern.count <= scalars.count && Array(scalars[k..<(k + pattern.count)]) == pattern
        }
        /// Follows keys, headers and nesting for one character outside strings and comments.
        func structure(_ c: Unicode.Scalar) throws(ThemeError) {
            let blank = c == " " || c == "\t" || c == "\r"
            switch place {
            case .lineStart:
                if blank { return }
                if c == "[" { place = .header; headerBrackets = 1; return }
                guard isBareKey(c) else { throw bad(c, "at the start of a line (expected a key or [table])") }
                place = .key
                keyText.unicodeScalars.append(c)
            case .key:
                if c == "=" { try endKey(); place = .value; return }
                guard isBareKey(c) || c == "." || blank else { throw bad(c, "in a key") }
                keyText.unicodeScalars.append(c)
            case .header:
                if c == "[" && headerBrackets == 1 && scalars[i - 1] == "[" { headerBrackets = 2; return }
                if c == "]" {
                    if scalars[i - 1] != "]" { try endKey() }
                    headerBrackets -= 1
                    if headerBrackets == 0 { place = .afterHeader }
                    return
                }
                guard isBareKey(c) || c == "." || blank else {
                    throw bad(c, "in a table header")
                }
                keyText.unicodeScalars.append(c)
            case .afterHeader:
                if c == "]" && headerBrackets == 0 && scalars[i - 1] == "]" { return }
                guard blank else { throw bad(c, "after a table header") }
            case .value:
                switch nests.last {
                case .tableKey?:
                    if c == "=" { try endKey(); nests[nests.count - 1] = .tableValue; return }
                    if c == "}" {
                        guard keyText.trimmingCharacters(in: .whitespaces).isEmpty else { throw bad(c, "after a key without a value") }
                        keyText = ""
                        nests.removeLast()
                        return
                    }
                    guard isBareKey(c) || c == "." || blank else { throw bad(c, "in a key of an inline table") }
                    keyText.unicodeScalars.append(c)
                    return
                default:
                    break
                }
                switch c {
                case "[": nests.append(.array)
                case "{": nests.append(.tableKey)
                case "]":
                    guard nests.last == .array else { throw bad(c, "without its [") }
                    nests.removeLast()
                case "}":
                    guard nests.last == .tableValue else { throw bad(c, "without its {") }
                    nests.removeLast()
                case ",":
                    if nests.last == .tableValue { nests[nests.count - 1] = .tableKey }
                default:
                    break
                }
            }
        }
        while i < scalars.count {
            let c = scalars[i]
            if c == "\n" {
                inComment = false
                if quote != nil && !multiline {
                    throw ThemeError(file: file, line: line, message: "a string is not closed on its line")
                }
                if quote == nil {
                    switch place {
                    case .key: throw ThemeError(file: file, line: line, message: "a key without \"= value\"")
                    case .header: throw ThemeError(file: file, line: line, message: "a table header without its closing ]")
                    case .value where nests.isEmpty, .afterHeader, .lineStart: place = .lineStart
                    case .value: break
                    }
                }
                line += 1
                escaped = false
                out.append(c)
                i += 1
                continue
            }
            if inComment { i += 1; continue }
            if let q = quote {
                if escaped {
                    escaped = false
                } else if c == "\\" && q == "\"" {
                    escaped = true
                } else if c == q {
                    let delimiter = String(repeating: Character(q), count: 3)
                    if multiline {
                        if starts(delimiter, at: i) {
                            out.append(contentsOf: delimiter.unicodeScalars)
                            i += 3
                            quote = nil
                            multiline = false
                            continue
                        }
                    } else {
                        quote = nil
                    }
                }
                out.append(c)
                i += 1
                continue
            }
            if c != "#" && c != "\"" && c != "'" {
                try structure(c)
            } else if c != "#" {
                if place == .lineStart { place = .key }
                if place == .key || place == .header || (place == .value && nests.last == .tableKey) { keyText += "Q" }
            }
            switch c {
            case "#":
                inComment = true
                i += 1
                continue
            case "\"", "'":
                quote = c
                let delimiter = String(repeating: Character(c), count: 3)
                if starts(delimiter, at: i) {
                    multiline = true
                    out.append(contentsOf: delimiter.unicodeScalars)
                    i += 3
                    continue
                }
            default:
                if !c.isASCII {
                    throw ThemeError(file: file, line: line,
                                     message: "unexpected character U+\(String(c.value, radix: 16, uppercase: true)) outside a string or comment")
                }
                if c.value < 0x20 && c != "\t" && c != "\r" {
                    throw ThemeError(file: file, line: line, message: "control character U+\(String(c.value, radix: 16, uppercase: true)) outside a string")
                }
            }
            out.append(c)
            i += 1
        }
        // The text may end without a newline: the same checks as at a line's end.
        if quote != nil { throw ThemeError(file: file, line: line, message: "a string is not closed") }
        switch place {
        case .key: throw ThemeError(file: file, line: line, message: "a key without \"= value\"")
        case .header: throw ThemeError(file: file, line: line, message: "a table header without its closing ]")
        case .value where !nests.isEmpty: throw ThemeError(file: file, line: line, message: "a [ or { is not closed")
        default: break
        }
        return String(out)
    }
}
