/// A list of numbers in a command's JSON output: each element that is not finite is written
/// as null (JSON has no NaN or infinity), and the whole list as null when absent.
@propertyWrapper
public struct FiniteOrNull<Element: BinaryFloatingPoint & Codable & Sendable>: Codable, Sendable {
    public var wrappedValue: [Element]?

    public init(wrappedValue: [Element]?) {
        self.wrappedValue = wrappedValue
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        wrappedValue = container.decodeNil() ? nil : try container.decode([Element?].self).map { $0 ?? .nan }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let values = wrappedValue {
            try container.encode(values.map { $0.isFinite ? $0 : nil })
        } else {
            try container.encodeNil()
        }
    }
}

extension FiniteOrNull: Equatable {}
extension FiniteOrNull: Hashable {}

extension KeyedDecodingContainer {
    /// A missing key decodes as nil.
    public func decode<Element>(_ type: FiniteOrNull<Element>.Type, forKey key: Key) throws -> FiniteOrNull<Element> {
        FiniteOrNull(wrappedValue: try decodeIfPresent(type, forKey: key)?.wrappedValue)
    }
}
