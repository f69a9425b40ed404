import Foundation
import Rendering
import TestSupport
import Testing

/// Inputs the fuzzer (Tools/fuzz.sh) found crashing, replayed through the same entry point
/// the fuzz target uses: each must now give an error or a theme, never end the process.
struct ThemeFuzzRegressionTests {
    static let folder = RepositoryFiles.url("Fuzz/Regressions/theme")

    @Test func crashingThemesNowFailCleanly() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0.hasPrefix("crash-") }
        #expect(!files.isEmpty)
        for name in files {
            let data = try Data(contentsOf: Self.folder.appendingPathComponent(name))
            let text = String(decoding: data, as: UTF8.self)
            #expect(throws: ThemeError.self, "\(name)") { try ThemeLoader.parse(text, file: name) }
        }
    }

    @Test func nonASCIIIsFineInCommentsAndStrings() throws {
        let theme = try ThemeLoader.parse("""
            # Thème sombre — ✓ \u{FFFD}
            name = "dünkel ✓" # ümlaut
            [classes.names]
            "hexágono" = "#ff8800"
            """, file: "u.toml")
        #expect(theme.name == "dünkel ✓")
        #expect(theme.classNames["hexágono"] != nil)
    }

    @Test func nonASCIIOutsideStringsIsNamedWithItsLine() {
        do {
            _ = try ThemeLoader.parse("name = \"x\"\n[ui]\ntext\u{FFFD} = \"#ffffff\"\n", file: "bad.toml")
            Issue.record("accepted")
        } catch {
            #expect(error.description.contains("bad.toml:3"), "\(error.description)")
            #expect(error.description.contains("U+FFFD"))
        }
    }
}
