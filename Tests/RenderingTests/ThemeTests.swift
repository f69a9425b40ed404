import Foundation
import Imaging
import TestSupport
import Testing
@testable import Rendering

struct ThemeTests {
    static let themes = RepositoryFiles.path("Themes")

    @Test func shippedDarkThemeEqualsTheBuiltIn() throws {
        #expect(try ThemeLoader.load(path: Self.themes + "/dark.toml") == Theme.dark)
    }

    @Test(arguments: ["dark", "light", "high-contrast"])
    func shippedThemesLoad(_ name: String) throws {
        let theme = try ThemeLoader.load(path: Self.themes + "/\(name).toml")
        #expect(theme.name == name)
        #expect(theme.classPalette.count >= 8)
    }

    @Test func syntaxErrorNamesTheLine() {
        let text = "name = \"x\"\n[boxes]\nselected = \"#ffffff\n"
        #expect(throws: ThemeError.self) { try ThemeLoader.parse(text, file: "bad.toml") }
        do {
            _ = try ThemeLoader.parse(text, file: "bad.toml")
        } catch {
            #expect(error.line == 3)
            #expect(error.description.hasPrefix("bad.toml:3:"))
        }
    }

    @Test func badColourNamesTheLineAndKey() {
        let text = "name = \"x\"\n\n[boxes]\nproposal = \"#12345\"\n"
        do {
            _ = try ThemeLoader.parse(text, file: "t.toml")
            Issue.record("accepted a bad colour")
        } catch {
            #expect(error.line == 4)
            #expect(error.message.contains("boxes.proposal"))
        }
    }

    @Test func unknownKeyIsAnError() {
        let text = "[ui]\ntext = \"#ffffff\"\ntxet = \"#000000\"\n"
        do {
            _ = try ThemeLoader.parse(text, file: "t.toml")
            Issue.record("accepted an unknown key")
        } catch {
            #expect(error.line == 3)
            #expect(error.message.contains("ui.txet"))
        }
    }

    @Test func classColoursByNameAndIndex() throws {
        let theme = try ThemeLoader.parse("[classes]\npalette = [\"#010203\", \"#040506\"]\n[classes.names]\ncircle = \"#ff0000\"\n", file: "t.toml")
        #expect(theme.color(forClass: 0) == RGBColor(1, 2, 3))
        #expect(theme.color(forClass: 3) == RGBColor(4, 5, 6))
        #expect(theme.color(forClass: 0, name: "circle") == RGBColor(255, 0, 0))
    }

    @Test func unknownThemeNameListsTheKnownOnes() {
        do {
            _ = try ThemeLoader.load("no-such-theme")
            Issue.record("loaded a missing theme")
        } catch {
            #expect(error.message.contains("no such theme"))
        }
    }

    @Test func tomlErrorsNameFileLineColumnAndProblem() {
        let cases: [(String, String)] = [
            ("[ui]\ntext = \"#ffffff\"\ntext = \"#000000\"\n", "Themes/x.toml:3:1: duplicate key 'text' in [ui]"),
            ("[ui]\n[ui]\n", "Themes/x.toml:2:1: table [ui] is defined twice (first on line 1)"),
            ("name = dark\n", "Themes/x.toml:1:8: 'dark' is not a TOML value (strings need quotes: \"dark\")"),
            ("[ui]\ntext = \"#ffffff\" # ok\nmuted = \"#808080\nx\"\n",
             "Themes/x.toml:3:9: string is not closed on its line (multi-line strings are not supported in themes)"),
        ]
        for (text, expected) in cases {
            #expect(throws: ThemeError.self) { try ThemeLoader.parse(text, file: "Themes/x.toml") }
            do {
                _ = try ThemeLoader.parse(text, file: "Themes/x.toml")
            } catch {
                #expect(error.description == expected)
            }
        }
    }

    @Test func themeErrorsPointAtTheKey() {
        do {
            _ = try ThemeLoader.parse("[classes.names]\n  \"two words\" = 3\n", file: "t.toml")
            Issue.record("accepted a number as a colour")
        } catch {
            #expect(error.description == "t.toml:2:3: classes.names.\"two words\": expected a \"#rrggbb\" colour")
        }
    }

    @Test func anOversizedFileIsRefusedBeforeReading() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dhscope-huge-\(UUID().uuidString).toml").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data(count: TOMLReader.maxBytes + 1)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: ThemeError.self) { try ThemeLoader.load(path: path) }
    }
}
