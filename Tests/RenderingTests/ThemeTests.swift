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
}
