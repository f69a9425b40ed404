/// A tensor the model needs is absent or has the wrong shape.
public struct WeightError: Error, CustomStringConvertible, Sendable {
    public let source: String
    public let message: String
    public var description: String { "\(source): \(message)" }
}
