import Rendering

/// The glyphs dhscope draws images with, and why: fonts cannot be asked, so the choice
/// follows the character set and what TERM says about the terminal's font.
public struct SymbolChoice: Sendable, Equatable {
    /// The set used.
    public let symbols: SymbolSet
    /// Why, in a few words.
    public let reason: String
    /// The sets the terminal's font is assumed to draw.
    public let assumedAvailable: [SymbolSet]

    /// Whether the set differs from what was asked (`--symbols`, or sextants by default).
    public let isFallback: Bool

    /// Decides the set. An explicit `requested` set wins unless the output is ASCII-only,
    /// where only ``SymbolSet/ascii`` can be written.
    public static func choose(requested: SymbolSet?, encoding: TextEncoding, term: String) -> SymbolChoice {
        let available = assumedSets(encoding: encoding, term: term)
        let asked = requested ?? .sextant
        if !encoding.isUTF8 {
            return SymbolChoice(symbols: .ascii, reason: "no UTF-8 locale", assumedAvailable: available,
                                isFallback: asked != .ascii)
        }
        if let requested {
            return SymbolChoice(symbols: requested, reason: "--symbols \(requested.rawValue)", assumedAvailable: available,
                                isFallback: false)
        }
        if available.contains(.sextant) {
            return SymbolChoice(symbols: .sextant, reason: "default", assumedAvailable: available, isFallback: false)
        }
        let best = available.first ?? .ascii
        return SymbolChoice(symbols: best, reason: fontNote(term: term) ?? "TERM=\(term)", assumedAvailable: available,
                            isFallback: true)
    }

    /// The Linux console's fonts (512 glyphs at most) carry the CP437 blocks (half blocks, no
    /// quadrants or sextants); the DEC VT family has no Unicode at all.
    static func assumedSets(encoding: TextEncoding, term: String) -> [SymbolSet] {
        guard encoding.isUTF8 else { return [.ascii] }
        if isLinuxConsole(term) { return [.half, .ascii] }
        if isDECTerminal(term) { return [.ascii] }
        return [.sextant, .quad, .half, .braille, .blocks, .ascii]
    }

    static func fontNote(term: String) -> String? {
        if isLinuxConsole(term) { return "console font" }
        if isDECTerminal(term) { return "TERM=\(term)" }
        return nil
    }

    static func isLinuxConsole(_ term: String) -> Bool { term == "linux" || term.hasPrefix("linux-") }

    static func isDECTerminal(_ term: String) -> Bool {
        ["vt52", "vt100", "vt102", "vt220", "vt320", "vt420"].contains { term == $0 || term.hasPrefix($0 + "-") }
    }

    /// "sextant", or "half: TERM=linux: the console font has half blocks only".
    public var summary: String { isFallback ? "\(symbols.rawValue) symbols: \(reason)" : "\(symbols.rawValue) symbols" }
}
