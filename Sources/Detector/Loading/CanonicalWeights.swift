import Checkpoints

/// A checkpoint's tensors under their current names: older torchvision spellings
/// (``StateDictNames/canonicalName(_:)``) are found under the names the loader asks for.
struct CanonicalWeights: WeightSource {
    let checkpoint: Checkpoint
    /// Current name -> the name in the file, for the renamed ones only.
    private let stored: [String: String]

    init(_ checkpoint: Checkpoint) {
        self.checkpoint = checkpoint
        var stored: [String: String] = [:]
        for name in checkpoint.names {
            let current = StateDictNames.canonicalName(name)
            if current != name, checkpoint.tensor(named: current) == nil { stored[current] = name }
        }
        self.stored = stored
    }

    var sourceName: String { checkpoint.path }

    func shape(of name: String) -> [Int]? { checkpoint.shape(of: stored[name] ?? name) }

    func values(of name: String) throws -> [Float] { try checkpoint.values(of: stored[name] ?? name) }
}
