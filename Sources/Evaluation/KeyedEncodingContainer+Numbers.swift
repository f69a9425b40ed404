extension KeyedEncodingContainer {
    /// Encodes `value`, or null when it is nil or not finite: JSON has no NaN or infinity,
    /// and a field is never left out, so every document of a kind has the same fields.
    public mutating func encodeNumber<T: BinaryFloatingPoint & Encodable>(_ value: T?, forKey key: Key) throws {
        if let value, value.isFinite {
            try encode(value, forKey: key)
        } else {
            try encodeNil(forKey: key)
        }
    }

    /// Encodes `values` with each non-finite element as null, or null when `values` is nil.
    public mutating func encodeNumbers<S: Sequence>(_ values: S?, forKey key: Key) throws
    where S.Element: BinaryFloatingPoint & Encodable {
        if let values {
            try encode(values.map { $0.isFinite ? $0 : nil }, forKey: key)
        } else {
            try encodeNil(forKey: key)
        }
    }

    /// Encodes `value`, or null when it is nil (never leaving the field out).
    public mutating func encodeOrNull<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value {
            try encode(value, forKey: key)
        } else {
            try encodeNil(forKey: key)
        }
    }
}
