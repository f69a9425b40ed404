import Imaging

/// A colour as a terminal is told it: the terminal's default, an indexed entry, or 24-bit.
public enum TerminalColor: Hashable, Sendable {
    case `default`
    case indexed(UInt8)
    case rgb(RGBColor)
}
