import Foundation

/// The character set dhscope writes: UTF-8 whenever a UTF-8 locale exists, ASCII otherwise.
///
/// Servers and containers often run with LANG=C or no locale at all, where the C library's
/// character set is ASCII and ncurses drops every wide character (a blank image pane). The
/// terminal on the other end almost always shows UTF-8, so the character type is switched to
/// a UTF-8 locale that exists (`C.UTF-8` first); only when none does is the output ASCII.
public struct TextEncoding: Sendable, Equatable {
    /// Whether text may be UTF-8 (otherwise printable ASCII only).
    public let isUTF8: Bool
    /// The character set the environment's locale gave (nl_langinfo(CODESET)).
    public let originalCodeset: String
    /// The UTF-8 locale switched to, when the environment's was not UTF-8.
    public let switchedTo: String?
    /// The locale variable in effect (`LANG=C`), or nil when none is set.
    public let setting: String?

    /// The UTF-8 locales tried, in order, when the environment's is not UTF-8.
    /// DHSCOPE_UTF8_LOCALES (space-separated) replaces the list.
    public static func candidates(_ environment: TerminalEnvironment) -> [String] {
        if let list = environment.variables["DHSCOPE_UTF8_LOCALES"] {
            return list.split(separator: " ").map(String.init)
        }
        return ["C.UTF-8", "C.utf8", "en_US.UTF-8", "en_US.utf8"]
    }

    /// Sets the process locale from the environment and, when its character set is not
    /// UTF-8, switches LC_CTYPE to the first UTF-8 candidate that exists. Call once, early,
    /// before anything is written. Not thread-safe (setlocale is process-wide).
    public static func establish(_ environment: TerminalEnvironment = TerminalEnvironment()) -> TextEncoding {
        setlocale(LC_ALL, "")
        let original = currentCodeset()
        if isUTF8(original) {
            return TextEncoding(isUTF8: true, originalCodeset: original, switchedTo: nil, setting: environment.localeSetting)
        }
        for candidate in candidates(environment) where setlocale(LC_CTYPE, candidate) != nil {
            if isUTF8(currentCodeset()) {
                return TextEncoding(isUTF8: true, originalCodeset: original, switchedTo: candidate,
                                    setting: environment.localeSetting)
            }
        }
        setlocale(LC_CTYPE, "")
        return TextEncoding(isUTF8: false, originalCodeset: original, switchedTo: nil, setting: environment.localeSetting)
    }

    /// One line for people: "UTF-8", "UTF-8 (LANG=C; switched to C.UTF-8)",
    /// "ASCII: no UTF-8 locale (LANG=C)".
    public var summary: String {
        let setting = self.setting ?? "no locale set"
        if !isUTF8 { return "ASCII: no UTF-8 locale (\(setting))" }
        if let switchedTo { return "UTF-8 (\(setting); switched to \(switchedTo))" }
        return "UTF-8"
    }

    static func currentCodeset() -> String {
        guard let codeset = nl_langinfo(nl_item(CODESET)) else { return "unknown" }
        return String(cString: codeset)
    }

    static func isUTF8(_ codeset: String) -> Bool {
        let normalized = codeset.lowercased().replacingOccurrences(of: "-", with: "")
        return normalized == "utf8"
    }
}
