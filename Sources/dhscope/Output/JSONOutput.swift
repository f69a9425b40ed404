import Foundation

/// Compact, stable JSON for command output: sorted keys, snake_case field names (each type
/// names its own), null for undefined numbers. A non-finite number that reached the encoder
/// would be a bug; it fails rather than being written as a string.
enum JSONOutput {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
