/// How many colours the output may use.
public enum ColorMode: String, CaseIterable, Sendable {
    /// 24-bit SGR colours.
    case truecolor
    /// xterm's 6x6x6 cube and 24 greys (indices 16-255; the 16 terminal-defined entries are avoided).
    case ansi256 = "256"
    /// The 16 ANSI colours.
    case ansi16 = "16"
    /// No colour at all: glyphs only, in the terminal's own colours.
    case none
}
