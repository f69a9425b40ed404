import Checkpoints

extension Checkpoint: WeightSource {
    public var sourceName: String { path }

    public func shape(of name: String) -> [Int]? { tensor(named: name)?.shape }

    public func values(of name: String) throws -> [Float] { try floats(name) }
}
