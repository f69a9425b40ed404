import Foundation
import Testing
@testable import Rendering

/// Invalid TOML (each case against a rule of the TOML 1.0 specification, written here by
/// hand) and the TOML this reader refuses by name; each must fail with the expected problem
/// at the expected place, never crash.
struct TOMLReaderRejectionTests {
    typealias Problem = TOMLError.Problem

    static func fails(_ text: String) -> TOMLError? {
        do {
            _ = try TOMLReader.read(text)
            return nil
        } catch {
            return error
        }
    }

    /// Text, then where and why it fails.
    static let invalid: [(text: String, line: Int, column: Int, problem: Problem)] = [
        // Keys and values.
        ("key = # INVALID\n", 1, 7, .unexpected(found: "'#'", expected: "a value")),
        ("key =\n", 1, 6, .unexpected(found: "end of line", expected: "a value")),
        ("key = ", 1, 7, .unexpected(found: "end of file", expected: "a value")),
        ("first = \"Tom\" last = \"Preston-Werner\" # INVALID\n", 1, 15, .unexpected(found: "'l'", expected: "the end of the line")),
        ("= \"no key name\"  # INVALID\n", 1, 1, .unexpected(found: "'='", expected: "a key (A-Za-z0-9_- or a quoted string)")),
        ("\"\"\"key\"\"\" = \"not allowed\"\n", 1, 3, .unexpected(found: "'\"'", expected: "'.' or '=' after the key")),
        ("na me = 1\n", 1, 4, .unexpected(found: "'m'", expected: "'.' or '=' after the key")),
        ("ke$y = 1\n", 1, 3, .unexpected(found: "'$'", expected: "'.' or '=' after the key")),
        ("é = 1\n", 1, 1, .unexpected(found: "U+00E9", expected: "a key (A-Za-z0-9_- or a quoted string)")),
        ("a. = 1\n", 1, 4, .unexpected(found: "'='", expected: "a key (A-Za-z0-9_- or a quoted string)")),
        ("a = dark\n", 1, 5, .invalidValue("dark")),
        ("a = 1\rb = 2\n", 1, 6, .unexpected(found: "U+000D", expected: "the end of the line")),
        // Duplicates and redefinitions.
        ("name = \"Tom\"\nname = \"Pradyun\"\n", 2, 1, .duplicateKey(key: "name", table: "the top level")),
        ("spelling = \"favorite\"\n\"spelling\" = \"favourite\"\n", 2, 1, .duplicateKey(key: "spelling", table: "the top level")),
        ("[ui]\ntext = 1\n  text = 2\n", 3, 3, .duplicateKey(key: "text", table: "[ui]")),
        ("fruit.apple = 1\nfruit.apple.smooth = true\n", 2, 1, .notATable(key: "fruit.apple")),
        ("a = 1\n[a]\n", 2, 1, .notATable(key: "a")),
        ("a.b = 1\na = 2\n", 2, 1, .duplicateKey(key: "a", table: "the top level")),
        ("[fruit]\napple = \"red\"\n\n[fruit]\norange = \"orange\"\n", 4, 1, .tableDefinedTwice(table: "fruit", firstLine: 1)),
        ("[fruit]\napple = \"red\"\n\n[fruit.apple]\ntexture = \"smooth\"\n", 4, 1, .notATable(key: "fruit.apple")),
        ("[a.b]\n[a]\n[a]\n", 3, 1, .tableDefinedTwice(table: "a", firstLine: 2)),
        ("[fruit]\napple.color = \"red\"\napple.taste.sweet = true\n[fruit.apple]\n", 4, 1,
         .tableDefinedByDottedKeys(table: "fruit.apple", line: 2)),
        ("[fruit]\napple.color = \"red\"\napple.taste.sweet = true\n[fruit.apple.taste]\n", 4, 1,
         .tableDefinedByDottedKeys(table: "fruit.apple.taste", line: 3)),
        ("[a.b.c]\nz = 9\n[a]\nb.c.t = \"x\"\n", 4, 1, .dottedKeyIntoDefinedTable(key: "b.c.t", table: "a.b.c", line: 1)),
        ("[product]\ntype = { name = \"Nail\" }\ntype.edible = false\n", 3, 1, .inlineTableExtended(table: "product.type")),
        ("[product]\ntype.name = \"Nail\"\ntype = { edible = false }\n", 3, 1, .duplicateKey(key: "type", table: "[product]")),
        ("a = {}\n[a.b]\n", 2, 1, .inlineTableExtended(table: "a")),
        ("a = { b = 1, b = 2 }\n", 1, 14, .duplicateKey(key: "b", table: "[a]")),
        // Numbers.
        ("a = 012\n", 1, 5, .invalidNumber("012", reason: "leading zeros are not allowed")),
        ("a = 0_1\n", 1, 5, .invalidNumber("0_1", reason: "leading zeros are not allowed")),
        ("a = 1__2\n", 1, 5, .invalidNumber("1__2", reason: "expected digits, with '_' only between digits")),
        ("a = _1\n", 1, 5, .invalidValue("_1")),
        ("a = 1_\n", 1, 5, .invalidNumber("1_", reason: "expected digits, with '_' only between digits")),
        ("a = +0x1\n", 1, 5, .invalidNumber("+0x1", reason: "0x, 0o and 0b take no sign")),
        ("a = 0xG\n", 1, 5, .invalidNumber("0xG", reason: "expected base-16 digits, with '_' only between digits")),
        ("a = 0o8\n", 1, 5, .invalidNumber("0o8", reason: "expected base-8 digits, with '_' only between digits")),
        ("a = 9223372036854775808\n", 1, 5, .invalidNumber("9223372036854775808", reason: "outside the 64-bit integer range")),
        ("a = 0x8000000000000000\n", 1, 5, .invalidNumber("0x8000000000000000", reason: "outside the 64-bit integer range")),
        ("invalid_float_1 = .7\n", 1, 19, .invalidNumber(".7", reason: "expected digits before the decimal point")),
        ("invalid_float_2 = 7.\n", 1, 19, .invalidNumber("7.", reason: "expected digits after the decimal point")),
        ("invalid_float_3 = 3.e+20\n", 1, 19, .invalidNumber("3.e+20", reason: "expected digits after the decimal point")),
        ("a = 1e\n", 1, 5, .invalidNumber("1e", reason: "expected digits in the exponent")),
        ("a = True\n", 1, 5, .invalidValue("True")),
        // Strings.
        ("a = \"a\nb\"\n", 1, 5, .unclosedString),
        ("a = 'a\nb'\n", 1, 5, .unclosedString),
        ("a = \"abc", 1, 5, .unclosedString),
        ("a = \"\\q\"\n", 1, 6, .unknownEscape("\\q")),
        ("a = \"\\x41\"\n", 1, 6, .unknownEscape("\\x")),
        ("a = \"\\é\"\n", 1, 6, .unknownEscape("\\é")),
        ("a = \"\\uD800\"\n", 1, 6, .invalidUnicodeEscape("\\uD800")),
        ("a = \"\\U00110000\"\n", 1, 6, .invalidUnicodeEscape("\\U00110000")),
        ("a = \"\\u12\"\n", 1, 10, .unexpected(found: "'\"'", expected: "4 hex digits after \\u")),
        ("a = \"x\u{1}\"\n", 1, 7, .controlCharacter(1)),
        ("a = 'x\u{7F}'\n", 1, 7, .controlCharacter(0x7F)),
        ("# a comment with \u{7F}\n", 1, 18, .controlCharacter(0x7F)),
        ("# a comment with \u{0}\n", 1, 18, .controlCharacter(0)),
        // Arrays and inline tables.
        ("a = [1,,2]\n", 1, 8, .unexpected(found: "','", expected: "a value")),
        ("a = [,]\n", 1, 6, .unexpected(found: "','", expected: "a value")),
        ("a = [1 2]\n", 1, 8, .unexpected(found: "'2'", expected: "',' or ']' in the array")),
        ("a = [1\n", 2, 1, .unexpected(found: "end of file", expected: "',' or ']' in the array")),
        ("a = { b = 1,\n c = 2 }\n", 1, 13, .unexpected(found: "end of line", expected: "a key (A-Za-z0-9_- or a quoted string)")),
        ("a = { b = 1, }\n", 1, 14, .unexpected(found: "'}'", expected: "a key (A-Za-z0-9_- or a quoted string)")),
        ("a = { b = 1 c = 2 }\n", 1, 13, .unexpected(found: "'c'", expected: "',' or '}' in the inline table (inline tables stay on one line)")),
        // Headers.
        ("[]\n", 1, 2, .unexpected(found: "']'", expected: "a key (A-Za-z0-9_- or a quoted string)")),
        ("[a.]\n", 1, 4, .unexpected(found: "']'", expected: "a key (A-Za-z0-9_- or a quoted string)")),
        ("[.a]\n", 1, 2, .unexpected(found: "'.'", expected: "a key (A-Za-z0-9_- or a quoted string)")),
        ("[a..b]\n", 1, 4, .unexpected(found: "'.'", expected: "a key (A-Za-z0-9_- or a quoted string)")),
        ("[a b]\n", 1, 4, .unexpected(found: "'b'", expected: "'.' or ']' to close the table header")),
        ("[a]b = 1\n", 1, 4, .unexpected(found: "'b'", expected: "the end of the line")),
        ("[a\n", 1, 3, .unexpected(found: "end of line", expected: "'.' or ']' to close the table header")),
        ("[$", 1, 2, .unexpected(found: "'$'", expected: "a key (A-Za-z0-9_- or a quoted string)")),
        // Valid TOML that themes do not need, refused by name.
        ("d = 1979-05-27\n", 1, 5, .unsupported("dates and times")),
        ("t = 07:32:00\n", 1, 5, .unsupported("dates and times")),
        ("dt = 1979-05-27T07:32:00Z\n", 1, 6, .unsupported("dates and times")),
        ("dt = 1979-05-27 07:32:00\n", 1, 6, .unsupported("dates and times")),
        ("s = \"\"\"\nx\"\"\"\n", 1, 5, .unsupported("multi-line strings (\"\"\")")),
        ("s = '''x'''\n", 1, 5, .unsupported("multi-line strings (''')")),
        ("[[a]]\n", 1, 2, .unsupported("arrays of tables ([[...]])")),
    ]

    @Test(arguments: invalid.indices)
    func invalidTOMLIsRefusedWithItsPlace(_ index: Int) {
        let (text, line, column, problem) = Self.invalid[index]
        let error = Self.fails(text)
        #expect(error == TOMLError(position: TOMLPosition(line: line, column: column), problem: problem), "\(text.debugDescription): \(error.map(String.init(describing:)) ?? "accepted")")
    }

    @Test func columnsCountCharactersNotBytes() {
        #expect(Self.fails("k = \"é✓\" x\n")?.position == TOMLPosition(line: 1, column: 10))
    }

    @Test func nestingIsBounded() {
        let depth = TOMLReader.maxDepth
        #expect(Self.fails("a = " + String(repeating: "[", count: 100_000))?.problem == .tooDeep(limit: depth))
        #expect(Self.fails("a = " + String(repeating: "{ b = ", count: 100_000))?.problem == .tooDeep(limit: depth))
        let longKey = (0...depth).map { "k\($0)" }.joined(separator: ".")
        #expect(Self.fails(longKey + " = 1\n")?.problem == .tooDeep(limit: depth))
        #expect(Self.fails("[" + longKey + "]\n")?.problem == .tooDeep(limit: depth))
        // Within the bound: fine.
        let deepest = String(repeating: "[", count: depth - 1) + String(repeating: "]", count: depth - 1)
        #expect(Self.fails("a = " + deepest + "\n") == nil)
    }

    @Test func sizeIsBounded() {
        let text = "# " + String(repeating: "x", count: TOMLReader.maxBytes) + "\n"
        #expect(Self.fails(text)?.problem == .tooLarge(limit: TOMLReader.maxBytes))
    }

    /// One line holding many keys: finding columns must not cost the line's length per key.
    @Test func aLongLineStaysLinear() {
        let keys = (0..<40_000).map { "k\($0) = 1" }.joined(separator: ", ")
        let text = "t = { " + keys + ", k0 = 2 }\n"
        let clock = ContinuousClock()
        var error: TOMLError?
        let elapsed = clock.measure { error = Self.fails(text) }
        #expect(error?.problem == .duplicateKey(key: "k0", table: "[t]"))
        #expect(error?.position.column == text.count - 8)
        #expect(elapsed < .seconds(10), "\(elapsed)")
    }
}
