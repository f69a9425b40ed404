import Foundation
import Rendering

/// Everything dhscope found out about the terminal and what it will use: the character set,
/// colours, symbols and the terminfo entry a screen is opened with. Made once at start-up
/// (``forScreen(requestedColors:requestedSymbols:environment:)`` for the browser,
/// ``forStream(requestedColors:requestedSymbols:environment:)`` for `render`), shown by the
/// status bar and `dhscope doctor`.
public struct TerminalProfile: Sendable {
    public let environment: TerminalEnvironment
    /// TERM's terminfo entry; nil when TERM has none.
    public let entry: TerminfoEntry?
    /// The entry a curses screen opens (TERM, a stand-in for an unknown TERM, or a private
    /// entry); nil for streams and when TERM cannot drive a screen.
    public let screenEntryName: String?
    /// The private entry made for colours TERM's entry lacks.
    public let privateEntry: PrivateTerminfoEntry?
    public let encoding: TextEncoding
    public let colors: ColorChoice
    public let symbols: SymbolChoice
    /// What else happened (a stand-in entry, a private entry that could not be made).
    public let notes: [String]

    /// For the browser. Side effects, all before any screen exists: the locale is set (see
    /// ``TextEncoding/establish(_:)``), a private terminfo entry may be compiled and TERMINFO
    /// then points at its folder.
    public static func forScreen(requestedColors: ColorMode?, requestedSymbols: SymbolSet?,
                                 environment: TerminalEnvironment = TerminalEnvironment()) -> TerminalProfile {
        let encoding = TextEncoding.establish(environment)
        let term = environment.term
        var notes: [String] = []
        let entry = TerminfoEntry.lookUp(term)
        var base = entry
        if entry == nil, !term.isEmpty, term != "dumb" {
            base = TerminfoEntry.lookUp("xterm-256color") ?? TerminfoEntry.lookUp("xterm")
            if let base { notes.append("TERM=\(term) is not in terminfo: the screen uses \(base.name)") }
        }
        var colors = ColorChoice.choose(requested: requestedColors, environment: environment, entry: base, output: .screen)
        var privateEntry: PrivateTerminfoEntry?
        if colors.needsPrivateEntry, let base {
            do {
                let made = try PrivateTerminfoEntry.prepare(base: base.name, mode: colors.mode, environment: environment)
                setenv("TERMINFO", made.directory, 1)
                privateEntry = made
            } catch {
                notes.append(error.description)
                let capability = ColorChoice.capability(of: base)
                colors = ColorChoice(mode: capability.mode, asked: colors.asked, colorCount: capability.count,
                                     reason: "TERM=\(base.name) has no RGB and \(error.description)", needsPrivateEntry: false)
            }
        }
        let symbols = SymbolChoice.choose(requested: requestedSymbols, encoding: encoding, term: term)
        return TerminalProfile(environment: environment, entry: entry, screenEntryName: privateEntry?.name ?? base?.name,
                               privateEntry: privateEntry, encoding: encoding, colors: colors, symbols: symbols, notes: notes)
    }

    /// For text written to standard output (`render`): the locale is set, nothing is compiled.
    public static func forStream(requestedColors: ColorMode?, requestedSymbols: SymbolSet?,
                                 environment: TerminalEnvironment = TerminalEnvironment()) -> TerminalProfile {
        let encoding = TextEncoding.establish(environment)
        let entry = TerminfoEntry.lookUp(environment.term)
        let colors = ColorChoice.choose(requested: requestedColors, environment: environment, entry: entry, output: .stream)
        let symbols = SymbolChoice.choose(requested: requestedSymbols, encoding: encoding, term: environment.term)
        return TerminalProfile(environment: environment, entry: entry, screenEntryName: nil, privateEntry: nil,
                               encoding: encoding, colors: colors, symbols: symbols, notes: [])
    }

    /// The characters the terminal is assumed to draw: ASCII without UTF-8 or on a DEC VT
    /// terminal, the console's few hundred glyphs on the Linux console, else everything.
    public var repertoire: GlyphRepertoire {
        if !encoding.isUTF8 || SymbolChoice.isDECTerminal(environment.term) { return .ascii }
        if SymbolChoice.isLinuxConsole(environment.term) { return .linuxConsole }
        return .unicode
    }

    /// For the status bar: the colour mode (with the reason when lower than asked), and the
    /// character set and symbols when they had to fall back.
    public var statusNote: String {
        var parts = [colors.summary]
        if !encoding.isUTF8 { parts.append(encoding.summary) } else if symbols.isFallback { parts.append(symbols.summary) }
        return parts.joined(separator: " · ")
    }
}
