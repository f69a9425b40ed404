import CNCurses
import Foundation

/// What a terminfo entry says about colours and the mouse, read without opening a screen.
public struct TerminfoEntry: Sendable, Equatable {
    /// The entry's name (a TERM value).
    public let name: String
    /// `colors#`: how many colours the entry can select (0 when it has none).
    public let colors: Int
    /// Whether the entry selects 24-bit colours directly (the RGB capability).
    public let hasRGB: Bool
    /// Whether the entry describes mouse reports (kmous).
    public let hasMouse: Bool

    /// Reads `name` from the terminfo database (TERMINFO, ~/.terminfo, TERMINFO_DIRS and
    /// the system folders); nil when there is no such entry. Not thread-safe (ncurses'
    /// current terminal is a global): call it before any screen is opened.
    /// Each name is read once per process (help texts, the colour choice and doctor all ask).
    public static func lookUp(_ name: String) -> TerminfoEntry? {
        guard !name.isEmpty, !name.contains("/") else { return nil }
        return read.lock.withLock {
            if let known = read.entries[name] { return known }
            var colors: Int32 = -1, rgb: Int32 = 0, mouse: Int32 = 0
            let entry = dh_terminfo_facts(name, &colors, &rgb, &mouse) == 1
                ? TerminfoEntry(name: name, colors: max(0, Int(colors)), hasRGB: rgb != 0, hasMouse: mouse != 0) : nil
            read.entries[name] = .some(entry)
            return entry
        }
    }

    /// Entries already read (nil for names terminfo does not have).
    private final class ReadEntries: @unchecked Sendable {
        let lock = NSLock()
        var entries: [String: TerminfoEntry?] = [:]
    }

    private static let read = ReadEntries()

    /// "256 colours, no RGB, mouse" and the like.
    public var summary: String {
        var parts = [hasRGB ? "24-bit colour (RGB)" : colors > 0 ? "\(colors) colours, no RGB" : "no colours"]
        parts.append(hasMouse ? "mouse" : "no mouse")
        return parts.joined(separator: ", ")
    }
}
