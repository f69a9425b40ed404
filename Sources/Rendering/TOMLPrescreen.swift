/// Cleans theme text before TOMLKit sees it: drops comments and refuses non-ASCII characters
/// outside strings.
///
/// Why: toml++ (under TOMLKit) aborts the whole process on an internal assertion for some
/// non-ASCII input (found by fuzzing: replacement characters near a comment made
/// `parse_key` assert). Themes need non-ASCII only in comments and strings, so comments are
/// removed here (newlines kept, so line numbers stay right) and anything else non-ASCII
/// outside a string is reported with its line.
enum TOMLPrescreen {
    static func clean(_ text: String, file: String) throws(ThemeError) -> String {
        var out = String.UnicodeScalarView()
        var line = 1
        var quote: Unicode.Scalar?     // the delimiter of the string we are in
        var multiline = false
        var inComment = false
        var escaped = false
        let scalars = Array(text.unicodeScalars)
        var i = 0
        func starts(_ s: String, at k: Int) -> Bool {
            let pattern = Array(s.unicodeScalars)
            return k + pattern.count <= scalars.count && Array(scalars[k..<(k + pattern.count)]) == pattern
        }
        while i < scalars.count {
            let c = scalars[i]
            if c == "\n" {
                line += 1
                inComment = false
                if quote != nil && !multiline {
                    throw ThemeError(file: file, line: line - 1, message: "a string is not closed on its line")
                }
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
        return String(out)
    }
}
