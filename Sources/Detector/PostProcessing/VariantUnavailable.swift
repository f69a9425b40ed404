/// Asking for a variant the model's outputs do not support.
public struct VariantUnavailable: Error, CustomStringConvertible, Sendable {
    public let variant: HeadVariant
    public let available: [HeadVariant]
    public var description: String {
        "variant \(variant.rawValue) needs outputs this model does not have; it offers \(available.map(\.rawValue).joined(separator: ", "))"
    }
}
