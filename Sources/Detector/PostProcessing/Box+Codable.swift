import Compute

/// Boxes encode as `[x1, y1, x2, y2]`.
extension Box: Codable {
    public init(from decoder: Decoder) throws {
        var c = try decoder.unkeyedContainer()
        self.init(x1: try c.decode(Float.self), y1: try c.decode(Float.self), x2: try c.decode(Float.self), y2: try c.decode(Float.self))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.unkeyedContainer()
        try c.encode(x1); try c.encode(y1); try c.encode(x2); try c.encode(y2)
    }
}
