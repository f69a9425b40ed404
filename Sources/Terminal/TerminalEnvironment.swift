import Foundation

/// The environment variables that decide how dhscope talks to a terminal, read once.
public struct TerminalEnvironment: Sendable {
    public let variables: [String: String]

    public init(_ variables: [String: String] = ProcessInfo.processInfo.environment) {
        self.variables = variables
    }

    /// TERM, or "" when unset.
    public var term: String { variables["TERM"] ?? "" }

    /// COLORTERM when set and not empty.
    public var colorTerm: String? { variables["COLORTERM"].flatMap { $0.isEmpty ? nil : $0 } }

    /// Whether COLORTERM announces 24-bit colour.
    public var announcesTrueColor: Bool { colorTerm == "truecolor" || colorTerm == "24bit" }

    /// NO_COLOR set to anything but the empty string (https://no-color.org).
    public var noColor: Bool { !(variables["NO_COLOR"] ?? "").isEmpty }

    /// The variable that decides the character set, as the C library reads them
    /// (LC_ALL, then LC_CTYPE, then LANG), as `NAME=value`; nil when none is set.
    public var localeSetting: String? {
        for name in ["LC_ALL", "LC_CTYPE", "LANG"] {
            if let value = variables[name], !value.isEmpty { return "\(name)=\(value)" }
        }
        return nil
    }
}
