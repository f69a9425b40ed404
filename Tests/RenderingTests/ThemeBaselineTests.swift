import Foundation
import Imaging
import Testing
@testable import Rendering

/// What TOMLKit made of the shipped themes and of the TOML forms a theme file may use,
/// recorded while TOMLKit still read themes, so any other reader must give the same themes.
struct ThemeBaselineTests {
    static let themes = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Themes").path

    static let light = Theme(
        name: "light", background: RGBColor(0xFF, 0xFF, 0xFF), foreground: RGBColor(0x1A, 0x1A, 0x1A),
        selected: RGBColor(0x00, 0x00, 0x00), proposal: RGBColor(0x5A, 0x5A, 0x5A),
        regressionRoI: RGBColor(0xC0, 0x58, 0x00), groundTruth: RGBColor(0x00, 0x7A, 0x3D),
        labelDarkText: RGBColor(0x00, 0x00, 0x00), labelLightText: RGBColor(0xFF, 0xFF, 0xFF),
        classPalette: [
            RGBColor(0xC8, 0x10, 0x2E), RGBColor(0x1B, 0x7F, 0x3B), RGBColor(0xA0, 0x78, 0x00),
            RGBColor(0x1F, 0x4F, 0xBF), RGBColor(0xC2, 0x54, 0x00), RGBColor(0x6A, 0x1B, 0x9A),
            RGBColor(0x00, 0x83, 0x8F), RGBColor(0xAD, 0x14, 0x57), RGBColor(0x55, 0x8B, 0x2F),
            RGBColor(0x8D, 0x6E, 0x63), RGBColor(0x00, 0x69, 0x5C), RGBColor(0x5E, 0x35, 0xB1),
        ],
        classNames: [:],
        text: RGBColor(0x20, 0x20, 0x20), muted: RGBColor(0x70, 0x70, 0x70), accent: RGBColor(0x00, 0x5F, 0xD7),
        statusBackground: RGBColor(0xD8, 0xD8, 0xD8), statusText: RGBColor(0x10, 0x10, 0x10),
        highlightBackground: RGBColor(0xE8, 0xE8, 0xE8), warning: RGBColor(0xA0, 0x5A, 0x00),
        error: RGBColor(0xC0, 0x00, 0x00))

    static let highContrast = Theme(
        name: "high-contrast", background: RGBColor(0x00, 0x00, 0x00), foreground: RGBColor(0xFF, 0xFF, 0xFF),
        selected: RGBColor(0xFF, 0xFF, 0xFF), proposal: RGBColor(0xBB, 0xBB, 0xBB),
        regressionRoI: RGBColor(0xF0, 0xE4, 0x42), groundTruth: RGBColor(0x56, 0xB4, 0xE9),
        labelDarkText: RGBColor(0x00, 0x00, 0x00), labelLightText: RGBColor(0xFF, 0xFF, 0xFF),
        classPalette: [
            RGBColor(0xE6, 0x9F, 0x00), RGBColor(0x56, 0xB4, 0xE9), RGBColor(0x00, 0x9E, 0x73),
            RGBColor(0xF0, 0xE4, 0x42), RGBColor(0x00, 0x72, 0xB2), RGBColor(0xD5, 0x5E, 0x00),
            RGBColor(0xCC, 0x79, 0xA7), RGBColor(0xFF, 0xFF, 0xFF),
        ],
        classNames: [:],
        text: RGBColor(0xFF, 0xFF, 0xFF), muted: RGBColor(0xBB, 0xBB, 0xBB), accent: RGBColor(0x56, 0xB4, 0xE9),
        statusBackground: RGBColor(0x00, 0x00, 0x00), statusText: RGBColor(0xFF, 0xFF, 0xFF),
        highlightBackground: RGBColor(0x00, 0x72, 0xB2), warning: RGBColor(0xF0, 0xE4, 0x42),
        error: RGBColor(0xD5, 0x5E, 0x00))

    @Test func shippedThemesGiveTheRecordedValues() throws {
        #expect(try ThemeLoader.load(path: Self.themes + "/dark.toml") == Theme.dark)
        #expect(try ThemeLoader.load(path: Self.themes + "/light.toml") == Self.light)
        #expect(try ThemeLoader.load(path: Self.themes + "/high-contrast.toml") == Self.highContrast)
    }

    /// The dark theme with the given changes, as TOMLKit read them.
    static func dark(_ change: (inout Theme) -> Void) -> Theme {
        var theme = Theme.dark
        theme.name = "t"
        change(&theme)
        return theme
    }

    /// TOML forms a hand-written theme may use; each gives the theme TOMLKit gave.
    static let forms: [(String, Theme)] = [
        ("[ui]\ntext = '#010203'\n", dark { $0.text = RGBColor(1, 2, 3) }),
        ("[ui]\ntext = \"\\u0023010203\"\n", dark { $0.text = RGBColor(1, 2, 3) }),
        ("ui.text = \"#010203\"\n", dark { $0.text = RGBColor(1, 2, 3) }),
        ("ui . text = \"#010203\"\n", dark { $0.text = RGBColor(1, 2, 3) }),
        ("[ \"ui\" ]\n\"text\" = \"#010203\"\n", dark { $0.text = RGBColor(1, 2, 3) }),
        ("[ui]\r\ntext = \"#010203\"\r\n", dark { $0.text = RGBColor(1, 2, 3) }),
        ("\tname = \"dünkel ✓\"\t# comment ✓\n", dark { $0.name = "dünkel ✓" }),
        ("name = 'C:\\dark'\n", dark { $0.name = "C:\\dark" }),
        ("name = \"tab\\there \\\"q\\\" \\\\ \\U0001F600\"\n", dark { $0.name = "tab\there \"q\" \\ \u{1F600}" }),
        ("[classes]\npalette = [\n  \"#010203\", # first\n  '#040506',\n]\n",
         dark { $0.classPalette = [RGBColor(1, 2, 3), RGBColor(4, 5, 6)] }),
        ("[classes]\nnames = { circle = \"#ff0000\", \"two words\" = '#00ff00' }\n",
         dark { $0.classNames = ["circle": RGBColor(255, 0, 0), "two words": RGBColor(0, 255, 0)] }),
        ("[classes]\nnames.circle = \"#ff0000\"\n", dark { $0.classNames = ["circle": RGBColor(255, 0, 0)] }),
        ("[classes.names]\n\"a.b\" = \"#ff0000\"\n\"\" = \"#00ff00\"\n",
         dark { $0.classNames = ["a.b": RGBColor(255, 0, 0), "": RGBColor(0, 255, 0)] }),
        ("[classes.names]\n[classes]\npalette = [\"#010203\"]\n", dark { $0.classPalette = [RGBColor(1, 2, 3)] }),
        ("classes = { palette = [\"#010203\"], names = { c = \"#040506\" } }\n",
         dark { $0.classPalette = [RGBColor(1, 2, 3)]; $0.classNames = ["c": RGBColor(4, 5, 6)] }),
        ("# only a comment", dark { _ in }),
        ("", dark { _ in }),
    ]

    @Test(arguments: forms.indices)
    func tomlFormsGiveTheRecordedTheme(_ index: Int) throws {
        let (text, expected) = Self.forms[index]
        #expect(try ThemeLoader.parse(text, file: "t.toml") == expected, "\(text)")
    }

    /// Texts TOMLKit refused, each for a reason the TOML 1.0 spec gives or a theme rule.
    static let refused: [String] = [
        "[ui]\ntext = \"#010203\"\ntext = \"#040506\"\n",        // duplicate key
        "[ui]\n[ui]\n",                                          // table defined twice
        "ui.text = \"#010203\"\n[ui]\n",                         // table defined by a dotted key, then a header
        "[classes]\nnames = {}\n[classes.names]\n",              // inline tables are closed
        "name = \"a\nb\"\n",                                     // newline in a basic string
        "name = \"\\uD800\"\n",                                  // a surrogate is no scalar
        "name = \"\\q\"\n",                                      // unknown escape
        "na me = \"x\"\n",                                       // space inside a bare key
        "name = \"x\" trailing\n",                               // text after a value
        "name = \n",                                             // no value
        "= \"x\"\n",                                             // no key
        "[classes]\npalette = [\"#010203\",,]\n",                // empty array element
        "[classes]\nnames = { c = \"#010203\", }\n",             // trailing comma in an inline table
        "ui = 3\n",                                              // not a table
        "[ui]\ntext = 3\n",                                      // not a string
        "[ui]\ntext = \"#0102\"\n",                              // not a colour
        "[ui]\nunknown = \"#010203\"\n",                         // unknown key
        "name = 1979-05-27\n",                                   // a date is no string
    ]

    @Test(arguments: refused)
    func refusedTextsStayRefused(_ text: String) {
        #expect(throws: ThemeError.self, "\(text)") { try ThemeLoader.parse(text, file: "t.toml") }
    }
}
