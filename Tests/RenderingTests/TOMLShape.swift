@testable import Rendering

/// A TOML value without key order or positions, so tests can state what a text means the
/// way the TOML spec does. Floats compare by bit pattern, so `nan` equals `nan`.
indirect enum TOMLShape: Equatable, CustomStringConvertible {
    case string(String)
    case integer(Int64)
    case floatBits(UInt64)
    case boolean(Bool)
    case array([TOMLShape])
    case table([String: TOMLShape])

    static func float(_ value: Double) -> TOMLShape { .floatBits(value.isNaN ? Double.nan.bitPattern : value.bitPattern) }

    init(_ value: TOMLValue) {
        switch value {
        case let .string(s): self = .string(s)
        case let .integer(i): self = .integer(i)
        case let .float(f): self = .float(f)
        case let .boolean(b): self = .boolean(b)
        case let .array(a): self = .array(a.map(TOMLShape.init))
        case let .table(t): self = TOMLShape(t)
        }
    }

    init(_ table: TOMLTable) {
        var out: [String: TOMLShape] = [:]
        for entry in table.entries { out[entry.key] = TOMLShape(entry.value) }
        self = .table(out)
    }

    var description: String {
        switch self {
        case let .string(s): return s.debugDescription
        case let .integer(i): return "\(i)"
        case let .floatBits(bits): return "\(Double(bitPattern: bits))f"
        case let .boolean(b): return "\(b)"
        case let .array(a): return "[" + a.map(\.description).joined(separator: ", ") + "]"
        case let .table(t): return "{" + t.sorted { $0.key < $1.key }.map { "\($0.key.debugDescription): \($0.value)" }.joined(separator: ", ") + "}"
        }
    }
}
