import Foundation
import Rendering
import TestSupport
import Testing
@testable import Terminal

/// The reply parser and the protocol decision against what real terminals answer: xterm,
/// xterm -ti vt340 and tmux inside it recorded here (Tools/terminals/record_answers.py under
/// Xvfb), kitty, WezTerm and foot from their documentation and sources, one terminal that
/// answers nothing and one that answers garbage (Tests/Fixtures/terminal-answers).
struct GraphicsDetectionTests {
    struct Recording: Decodable { let terminal: String; let batch: String; let answer: String }

    static func recording(_ name: String) throws -> (recording: Recording, bytes: [UInt8]) {
        let url = URL(fileURLWithPath: RepositoryFiles.path("Tests/Fixtures/terminal-answers/\(name).json"))
        let recording = try JSONDecoder().decode(Recording.self, from: Data(contentsOf: url))
        // The answers are stored one byte a character (latin-1).
        return (recording, recording.answer.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) })
    }

    static func parse(_ name: String, byteByByte: Bool = false) throws -> TerminalReplyParser {
        var parser = TerminalReplyParser()
        let bytes = try recording(name).bytes
        if byteByByte { for b in bytes { parser.feed([b]) } } else { parser.feed(bytes) }
        parser.finish()
        return parser
    }

    static func choice(_ name: String, tmux: Bool = false) throws -> GraphicsChoice {
        let parser = try parse(name)
        var variables = ["TERM": "xterm-256color"]
        if tmux { variables["TMUX"] = "/tmp/tmux-0/default,1,0" }
        return GraphicsChoice.choose(request: .auto, capabilities: GraphicsCapabilities(replies: parser.replies),
                                     environment: TerminalEnvironment(variables), windowCell: PixelSize(width: 9, height: 17))
    }

    @Test func theRecordedBatchIsTheOneSent() throws {
        for name in ["xterm-vt340", "xterm-default", "kitty", "foot", "wezterm"] {
            let batch = try Self.recording(name).recording.batch.unicodeScalars.map { UInt8($0.value) }
            #expect(batch == GraphicsQuery.batch(insideTmux: false, kittyFirst: false), "\(name)")
        }
        let tmux = try Self.recording("tmux-3.3a-in-xterm").recording.batch.unicodeScalars.map { UInt8($0.value) }
        // Recorded before the query inside tmux asked for placeholders (U=1); xterm outside
        // answers no kitty query either way.
        let sent = String(decoding: GraphicsQuery.batch(insideTmux: true, kittyFirst: false), as: UTF8.self)
        #expect(sent.contains("a=q,U=1,"))
        #expect(tmux == Array(sent.replacingOccurrences(of: ",U=1", with: "").utf8))
    }

    @Test func xtermAsVT340HasSixelWith256Registers() throws {
        let parser = try Self.parse("xterm-vt340")
        let found = GraphicsCapabilities(replies: parser.replies)
        #expect(found.version == "XTerm(379)")
        #expect(found.hasSixel && !found.hasKitty)
        #expect(found.colorRegisters == 256)
        #expect(found.sixelGeometry == PixelSize(width: 600, height: 390))
        // xterm does not answer CSI 16 t unless allowWindowOps is on: TIOCGWINSZ tells.
        #expect(found.cellSize == nil)
        #expect(parser.unrelated.isEmpty)
        let choice = try Self.choice("xterm-vt340")
        #expect(choice.pixels == .sixel)
        #expect(choice.cell == PixelSize(width: 9, height: 17))
    }

    @Test func xtermByDefaultHasNoSixel() throws {
        let parser = try Self.parse("xterm-default")
        // XTSMGRAPHICS answered with status 3 (failure): no registers.
        #expect(parser.replies.contains(.graphicsAttribute(item: 1, status: 3, values: [])))
        let choice = try Self.choice("xterm-default")
        #expect(choice.pixels == nil)
        #expect(choice.reason.contains("XTerm(379)"))
    }

    @Test func tmuxWithoutSixelAndNoPassthroughAnswerIsBlocks() throws {
        let found = GraphicsCapabilities(replies: try Self.parse("tmux-3.3a-in-xterm").replies)
        #expect(found.version == "tmux 3.3a")
        #expect(found.deviceAttributes == [1, 2])
        let choice = try Self.choice("tmux-3.3a-in-xterm", tmux: true)
        #expect(choice.pixels == nil)
        #expect(choice.reason.contains("tmux"))
    }

    @Test func kittyAnswersItsQuery() throws {
        let choice = try Self.choice("kitty")
        #expect(choice.pixels == .kitty && !choice.placeholders)
        #expect(choice.cell == PixelSize(width: 10, height: 20))
        // Inside tmux (the outer kitty answered through passthrough): placeholders.
        let inTmux = try Self.choice("kitty", tmux: true)
        #expect(inTmux.pixels == .kitty && inTmux.placeholders)
    }

    @Test func weztermAndFoot() throws {
        #expect(try Self.choice("wezterm").pixels == .kitty)
        let foot = GraphicsCapabilities(replies: try Self.parse("foot").replies)
        #expect(foot.colorRegisters == 1024 && foot.hasSixel && !foot.hasKitty)
        #expect(try Self.choice("foot").pixels == .sixel)
    }

    @Test func silenceAndGarbageMeanBlocksAndKeepTheInput() throws {
        let silent = try Self.choice("silent")
        #expect(silent.pixels == nil && silent.reason.contains("answered no"))
        let garbage = try Self.parse("garbage")
        #expect(garbage.replies.isEmpty)
        let raw = try Self.recording("garbage").bytes
        // Nothing was taken out: every byte, the typed q and arrow first, is the application's.
        #expect(garbage.unrelated == raw)
        #expect(try Self.choice("garbage").pixels == nil)
    }

    @Test func answersSplitAnywhereParseTheSame() throws {
        for name in ["xterm-vt340", "kitty", "wezterm", "foot", "garbage"] {
            let whole = try Self.parse(name), split = try Self.parse(name, byteByByte: true)
            #expect(whole.replies == split.replies, "\(name)")
            #expect(whole.unrelated == split.unrelated, "\(name)")
        }
    }

    @Test func keysTypedAmongTheAnswersAreKeptInOrder() throws {
        var parser = TerminalReplyParser()
        parser.feed(Array("j\u{1B}P>|XTerm(379)\u{1B}\\k\u{1B}[B\u{1B}[?63;4c\u{1B}".utf8))
        #expect(parser.sawDeviceAttributes)
        parser.finish()
        #expect(parser.unrelated == Array("jk\u{1B}[B\u{1B}".utf8))
        #expect(parser.replies == [.version("XTerm(379)"), .deviceAttributes([63, 4])])
    }

    /// Reads what the probe writes to the terminal's end `master` up to the batch's last query
    /// (device attributes, `ESC [ c`); false when the other end closed first.
    static func readBatch(from master: Int32) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 1024)
        var got: [UInt8] = []
        while !got.suffix(3).elementsEqual(Array("\u{1B}[c".utf8)) {
            let n = read(master, &buffer, buffer.count)
            if n <= 0 { return false }
            got += buffer[0..<n]
        }
        return true
    }

    /// A pseudo-terminal pair through /dev/ptmx (Linux: unlock with TIOCSPTLCK, number by TIOCGPTN).
    static func pseudoTerminal() -> (master: Int32, slave: Int32)? {
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        guard master >= 0 else { return nil }
        var unlock: Int32 = 0, number: UInt32 = 0
        let tiocsptlck: UInt = 0x4004_5431, tiocgptn: UInt = 0x8004_5430
        guard ioctl(master, tiocsptlck, &unlock) == 0, ioctl(master, tiocgptn, &number) == 0 else {
            close(master)
            return nil
        }
        let slave = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
        guard slave >= 0 else {
            close(master)
            return nil
        }
        return (master, slave)
    }

    @Test func forcedAndOffRequests() {
        let environment = TerminalEnvironment(["TERM": "xterm"])
        let forced = GraphicsChoice.choose(request: .sixel, capabilities: nil, environment: environment, windowCell: nil,
                                           fallbackCell: PixelSize(width: 10, height: 20))
        #expect(forced.pixels == .sixel && forced.cell == PixelSize(width: 10, height: 20))
        let off = GraphicsChoice.choose(request: .off, capabilities: GraphicsCapabilities(replies: [.deviceAttributes([63, 4])]),
                                        environment: environment, windowCell: PixelSize(width: 9, height: 17))
        #expect(off.pixels == nil)
    }

    /// The probe on a pseudo-terminal whose other end answers as the recorded xterm did,
    /// after a key typed: the answers are understood, the key comes back for the application.
    @Test func probeOnAPseudoTerminalKeepsTypedKeys() throws {
        let (master, slave) = try #require(Self.pseudoTerminal())
        defer { close(master); close(slave) }
        let answer = Array("x".utf8) + (try Self.recording("xterm-vt340").bytes)
        let terminal = Thread {
            // Wait for the whole batch, then answer.
            guard Self.readBatch(from: master) else { return }
            _ = answer.withUnsafeBufferPointer { write(master, $0.baseAddress, $0.count) }
        }
        terminal.start()
        let result = try #require(GraphicsProbe.run(on: slave, environment: TerminalEnvironment(["TERM": "xterm"]), budget: 5))
        #expect(result.complete)
        #expect(result.capabilities.hasSixel && result.capabilities.colorRegisters == 256)
        #expect(result.unrelated == Array("x".utf8))
    }

    @Test func probeOfASilentTerminalEndsAtTheBudget() throws {
        let (master, slave) = try #require(Self.pseudoTerminal())
        defer { close(master); close(slave) }
        let result = try #require(GraphicsProbe.run(on: slave, environment: TerminalEnvironment(["TERM": "xterm"]), budget: 0.05))
        #expect(!result.complete)
        #expect(!result.capabilities.answered)
        // Echo was off: nothing of the queries came back as input.
        #expect(result.unrelated.isEmpty)
    }

    /// tmux answers the device attributes itself at once; the kitty query goes through
    /// passthrough to kitty outside, whose answer comes back later (as tmux 3.3a under kitty
    /// 0.26.5 did, about 0.5 ms to tens of ms later). The probe waits for it (within the
    /// budget): else auto chose blocks under tmux in kitty and the late answer reached the
    /// browser as keys.
    @Test func insideTmuxTheKittyAnswerAfterTmuxsDeviceAttributesCounts() throws {
        let result = try Self.probeAnsweringAsTmux(kittyAnswerAfter: 0.08, budget: 5)
        #expect(result.capabilities.hasKitty)
        #expect(result.unrelated.isEmpty)
        let choice = GraphicsChoice.choose(request: .auto, capabilities: result.capabilities,
                                           environment: TerminalEnvironment(["TERM": "tmux-256color", "TMUX": "/tmp/t,1,0"]),
                                           windowCell: PixelSize(width: 9, height: 20))
        #expect(choice.pixels == .kitty && choice.placeholders)
    }

    /// With `allow-passthrough off` tmux drops the query: only tmux's device attributes come,
    /// the probe ends at the budget and auto chooses blocks, saying why.
    @Test func insideTmuxWithoutPassthroughTheProbeEndsAtTheBudgetWithBlocks() throws {
        let result = try Self.probeAnsweringAsTmux(kittyAnswerAfter: nil, budget: 0.1)
        #expect(result.complete && !result.capabilities.hasKitty)
        #expect(result.seconds >= 0.1)
        let choice = GraphicsChoice.choose(request: .auto, capabilities: result.capabilities,
                                           environment: TerminalEnvironment(["TERM": "tmux-256color", "TMUX": "/tmp/t,1,0"]),
                                           windowCell: PixelSize(width: 9, height: 20))
        #expect(choice.pixels == nil && choice.reason.contains("did not answer the kitty query"))
    }

    /// The probe inside tmux on a pseudo-terminal whose other end answers as tmux 3.3a did
    /// (recorded in kitty: `ESC [ ? 1 ; 2 c` at once), then kitty's `a=q` answer after
    /// `kittyAnswerAfter` seconds (nil: never, passthrough off).
    static func probeAnsweringAsTmux(kittyAnswerAfter delay: Double?, budget: Double) throws -> GraphicsProbe.Result {
        let (master, slave) = try #require(Self.pseudoTerminal())
        defer { close(master); close(slave) }
        let terminal = Thread {
            guard Self.readBatch(from: master) else { return }
            let attributes = Array("\u{1B}[?1;2c".utf8)
            _ = attributes.withUnsafeBufferPointer { write(master, $0.baseAddress, $0.count) }
            guard let delay else { return }
            usleep(useconds_t(delay * 1_000_000))
            let kitty = Array("\u{1B}_Gi=\(GraphicsQuery.kittyQueryID);OK\u{1B}\\".utf8)
            _ = kitty.withUnsafeBufferPointer { write(master, $0.baseAddress, $0.count) }
        }
        terminal.start()
        let environment = TerminalEnvironment(["TERM": "tmux-256color", "TMUX": "/tmp/t,1,0"])
        return try #require(GraphicsProbe.run(on: slave, environment: environment, budget: budget))
    }
}
