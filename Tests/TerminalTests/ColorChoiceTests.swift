import Rendering
import Testing
@testable import Terminal

/// The colour decision against the terminfo entries Debian's base package ships (ncurses-base,
/// always installed): what they say is read, not assumed.
struct ColorChoiceTests {
    func choose(_ variables: [String: String], requested: ColorMode? = nil, output: ColorChoice.Output = .screen) -> ColorChoice {
        let environment = TerminalEnvironment(variables)
        return ColorChoice.choose(requested: requested, environment: environment,
                                  entry: TerminfoEntry.lookUp(environment.term), output: output)
    }

    @Test func terminfoIsReadNotGuessed() throws {
        let xterm = try #require(TerminfoEntry.lookUp("xterm-256color"))
        #expect(xterm.colors == 256 && !xterm.hasRGB && xterm.hasMouse)
        let screen = try #require(TerminfoEntry.lookUp("screen"))
        #expect(screen.colors == 8 && !screen.hasRGB)
        let mono = try #require(TerminfoEntry.lookUp("xterm-mono"))
        #expect(mono.colors == 0)
        #expect(TerminfoEntry.lookUp("no-such-terminal-xyz") == nil)
    }

    @Test func noColorWinsUnlessColoursAreAskedFor() {
        #expect(choose(["NO_COLOR": "1", "COLORTERM": "truecolor", "TERM": "xterm-256color"]).mode == .none)
        #expect(choose(["NO_COLOR": "", "COLORTERM": "truecolor", "TERM": "xterm-256color"]).mode == .truecolor)
        #expect(choose(["NO_COLOR": "1", "TERM": "xterm-256color"], requested: .ansi256).mode == .ansi256)
    }

    @Test func colortermTrueColorNeedsAPrivateEntryOnlyForScreens() {
        let screen = choose(["COLORTERM": "truecolor", "TERM": "xterm-256color"])
        #expect(screen.mode == .truecolor && screen.needsPrivateEntry && !screen.isLowered)
        #expect(screen.summary == "24-bit colour")
        let stream = choose(["COLORTERM": "24bit", "TERM": "xterm-256color"], output: .stream)
        #expect(stream.mode == .truecolor && !stream.needsPrivateEntry)
    }

    @Test func lowerModesSayWhy() {
        let xterm = choose(["TERM": "xterm-256color"])
        #expect(xterm.mode == .ansi256 && xterm.isLowered)
        #expect(xterm.summary == "256 colours: TERM=xterm-256color has no RGB")
        let screen = choose(["TERM": "screen"])
        #expect(screen.mode == .ansi16 && screen.summary == "8 colours: TERM=screen has no RGB")
        let linux = choose(["TERM": "linux"])
        #expect(linux.mode == .ansi16 && linux.colorCount == 8)
        let mono = choose(["TERM": "xterm-mono"])
        #expect(mono.mode == .none && mono.summary == "no colour: TERM=xterm-mono has no colours")
        let vt100 = choose(["TERM": "vt100"])
        #expect(vt100.mode == .none)
        #expect(choose([:]).summary == "no colour: TERM is not set")
        let unknown = choose(["TERM": "made-up-256color"])
        #expect(unknown.mode == .ansi256 && unknown.reason == "TERM=made-up-256color is not in terminfo")
    }

    @Test func anExplicitModeIsKeptAndProvidedOnAScreen() {
        let asked = choose(["TERM": "screen"], requested: .truecolor)
        #expect(asked.mode == .truecolor && asked.needsPrivateEntry && !asked.isLowered)
        let within = choose(["TERM": "xterm-256color"], requested: .ansi16)
        #expect(within.mode == .ansi16 && !within.needsPrivateEntry)
    }
}
