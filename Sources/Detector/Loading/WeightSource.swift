/// Where a model's parameters come from: a checkpoint file, or a formula (benchmarks, tests).
public protocol WeightSource: Sendable {
    /// A name for messages (usually the file path).
    var sourceName: String { get }
    /// The shape of a tensor, or nil when the source does not hold it.
    func shape(of name: String) -> [Int]?
    /// The values of a tensor in C order, as Float32.
    func values(of name: String) throws -> [Float]
}

extension WeightSource {
    /// The values of `name`, checked against the shape the architecture expects.
    func load(_ name: String, shape expected: [Int]) throws -> [Float] {
        guard let shape = shape(of: name) else {
            throw WeightError(source: sourceName, message: "missing tensor \(name) (expected shape \(expected))")
        }
        // A 1x1 conv may be stored as [O, I] by some exporters; compare element counts then.
        guard shape == expected || (shape.reduce(1, *) == expected.reduce(1, *) && shape.count != expected.count) else {
            throw WeightError(source: sourceName, message: "tensor \(name) has shape \(shape), expected \(expected)")
        }
        let v = try values(of: name)
        guard v.count == expected.reduce(1, *) else {
            throw WeightError(source: sourceName, message: "tensor \(name) holds \(v.count) values, expected \(expected.reduce(1, *))")
        }
        return v
    }
}
