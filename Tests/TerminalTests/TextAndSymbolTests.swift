import Rendering
import Testing
@testable import Terminal

struct TextAndSymbolTests {
    @Test func codesetNames() {
        #expect(TextEncoding.isUTF8("UTF-8") && TextEncoding.isUTF8("utf8"))
        #expect(!TextEncoding.isUTF8("ANSI_X3.4-1968") && !TextEncoding.isUTF8("ISO-8859-1"))
    }

    @Test func candidatesCanBeReplaced() {
        #expect(TextEncoding.candidates(TerminalEnvironment([:])).first == "C.UTF-8")
        #expect(TextEncoding.candidates(TerminalEnvironment(["DHSCOPE_UTF8_LOCALES": "xx.UTF-8 yy"])) == ["xx.UTF-8", "yy"])
        #expect(TextEncoding.candidates(TerminalEnvironment(["DHSCOPE_UTF8_LOCALES": ""])).isEmpty)
    }

    static let utf8 = TextEncoding(isUTF8: true, originalCodeset: "UTF-8", switchedTo: nil, setting: "LANG=C.UTF-8")
    static let ascii = TextEncoding(isUTF8: false, originalCodeset: "ANSI_X3.4-1968", switchedTo: nil, setting: "LANG=C")

    @Test func symbolsFollowTheCharacterSetAndTheConsole() {
        let plain = SymbolChoice.choose(requested: nil, encoding: Self.utf8, term: "xterm-256color")
        #expect(plain.symbols == .sextant && !plain.isFallback)
        let console = SymbolChoice.choose(requested: nil, encoding: Self.utf8, term: "linux")
        #expect(console.symbols == .half && console.isFallback && console.summary == "half symbols: console font")
        let vt = SymbolChoice.choose(requested: nil, encoding: Self.utf8, term: "vt100")
        #expect(vt.symbols == .ascii)
        let asked = SymbolChoice.choose(requested: .braille, encoding: Self.utf8, term: "linux")
        #expect(asked.symbols == .braille)
        let noUTF8 = SymbolChoice.choose(requested: .sextant, encoding: Self.ascii, term: "xterm-256color")
        #expect(noUTF8.symbols == .ascii && noUTF8.isFallback)
        #expect(Self.ascii.summary == "ASCII: no UTF-8 locale (LANG=C)")
    }

    @Test func cellSizeAnswersParse() {
        func cell(_ answer: String) -> PixelSize? {
            var parser = TerminalReplyParser()
            parser.feed(Array(answer.utf8))
            parser.finish()
            return GraphicsCapabilities(replies: parser.replies).cellSize
        }
        // CSI 6 ; height ; width t
        #expect(cell("\u{1B}[6;16;8t") == PixelSize(width: 8, height: 16))
        #expect(cell("garbage t") == nil)
        #expect(cell("\u{1B}[6;0;8t") == nil)
    }
}
