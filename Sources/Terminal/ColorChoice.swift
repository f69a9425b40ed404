import Rendering

/// The colour mode dhscope uses on a terminal, and why: one decision for the browser and
/// for `render`, shown in the status bar and by `dhscope doctor`.
public struct ColorChoice: Sendable, Equatable {
    /// Where the colours go: a curses screen (which can only show what its terminfo entry
    /// describes) or a stream of text that dhscope writes itself.
    public enum Output: Sendable {
        case screen
        case stream
    }

    /// The mode used.
    public let mode: ColorMode
    /// What was asked: the `--colors` flag, or the best there is (24-bit) without one.
    public let asked: ColorMode
    /// How many colours the terminal shows in `mode` (8 in 16-colour mode on an 8-colour entry).
    public let colorCount: Int
    /// Why `mode`, in a few words ("COLORTERM=truecolor", "TERM=screen has no RGB").
    public let reason: String
    /// For a screen: TERM's entry cannot select `mode`, so the browser opens the screen with a
    /// private terminfo entry that can (see ``PrivateTerminfoEntry``).
    public let needsPrivateEntry: Bool

    public init(mode: ColorMode, asked: ColorMode, colorCount: Int, reason: String, needsPrivateEntry: Bool) {
        self.mode = mode
        self.asked = asked
        self.colorCount = colorCount
        self.reason = reason
        self.needsPrivateEntry = needsPrivateEntry
    }

    /// Whether fewer colours are used than asked.
    public var isLowered: Bool { Self.rank(mode) < Self.rank(asked) }

    /// The mode in words: "24-bit colour", "256 colours", "8 colours", "no colour".
    public var modeName: String {
        switch mode {
        case .truecolor: return "24-bit colour"
        case .ansi256: return "256 colours"
        case .ansi16: return "\(colorCount) colours"
        case .none: return "no colour"
        }
    }

    /// The mode, and why when it is lower than asked: "256 colours: TERM=screen has no RGB".
    public var summary: String { isLowered ? "\(modeName): \(reason)" : modeName }

    /// The mode with its reason: "256 colours (TERM=screen-256color has no RGB)".
    public var explanation: String { "\(modeName) (\(reason))" }

    /// The choice without a flag for this process' environment, for help texts: nothing is
    /// compiled or written.
    public static func current(output: Output) -> ColorChoice {
        let environment = TerminalEnvironment()
        return choose(requested: nil, environment: environment, entry: TerminfoEntry.lookUp(environment.term), output: output)
    }

    /// Decides the mode from the flag, the environment and TERM's terminfo entry (nil when
    /// TERM has none). An explicit `requested` mode always wins: on a stream it is written as
    /// asked, on a screen a private entry provides it when TERM's entry cannot.
    public static func choose(requested: ColorMode?, environment: TerminalEnvironment, entry: TerminfoEntry?,
                              output: Output) -> ColorChoice {
        let term = environment.term
        let capability = entry.map(capability(of:))
        if let requested {
            let missing = output == .screen && rank(requested) > rank(capability?.mode ?? .none)
            let count = requested == .ansi16 ? 16 : colorCount(requested)
            return ColorChoice(mode: requested, asked: requested, colorCount: count, reason: "--colors \(requested.rawValue)",
                               needsPrivateEntry: missing && requested != .none)
        }
        if environment.noColor {
            return ColorChoice(mode: .none, asked: .none, colorCount: 0, reason: "NO_COLOR is set", needsPrivateEntry: false)
        }
        if environment.announcesTrueColor {
            let missing = output == .screen && capability?.mode != .truecolor
            return ColorChoice(mode: .truecolor, asked: .truecolor, colorCount: 1 << 24,
                               reason: "COLORTERM=\(environment.colorTerm ?? "")", needsPrivateEntry: missing)
        }
        guard let entry, let capability else {
            if term.isEmpty || term == "dumb" {
                return ColorChoice(mode: .none, asked: .truecolor, colorCount: 0,
                                   reason: term.isEmpty ? "TERM is not set" : "TERM=dumb", needsPrivateEntry: false)
            }
            // Unknown to terminfo: guess from the name, as terminals name themselves.
            let mode: ColorMode = term.hasSuffix("-direct") ? .truecolor : term.contains("256color") ? .ansi256 : .ansi16
            return ColorChoice(mode: mode, asked: .truecolor, colorCount: colorCount(mode),
                               reason: "TERM=\(term) is not in terminfo", needsPrivateEntry: false)
        }
        let reason: String
        switch capability.mode {
        case .truecolor: reason = "TERM=\(entry.name) has RGB"
        case .none: reason = "TERM=\(entry.name) has no colours"
        default: reason = "TERM=\(entry.name) has no RGB"
        }
        return ColorChoice(mode: capability.mode, asked: .truecolor, colorCount: capability.count, reason: reason,
                           needsPrivateEntry: false)
    }

    /// The best mode an entry can select, and how many colours that is.
    static func capability(of entry: TerminfoEntry) -> (mode: ColorMode, count: Int) {
        if entry.hasRGB { return (.truecolor, 1 << 24) }
        if entry.colors >= 256 { return (.ansi256, 256) }
        if entry.colors >= 8 { return (.ansi16, min(entry.colors, 16)) }
        return (.none, 0)
    }

    static func colorCount(_ mode: ColorMode) -> Int {
        switch mode {
        case .truecolor: return 1 << 24
        case .ansi256: return 256
        case .ansi16: return 16
        case .none: return 0
        }
    }

    /// Modes from poorest to richest.
    static func rank(_ mode: ColorMode) -> Int {
        switch mode {
        case .none: return 0
        case .ansi16: return 1
        case .ansi256: return 2
        case .truecolor: return 3
        }
    }
}
