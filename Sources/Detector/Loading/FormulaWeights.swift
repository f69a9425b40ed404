import Compute
import Foundation

/// Deterministic "formula" weights for any architecture, shared with the Python reference
/// (Tools/dhref/synthetic.py; documented in Tests/Fixtures/README.md): they let the full-size
/// R50-FPN model be benchmarked and tested for parity without shipping 180 MB of weights.
///
/// With t the index of a tensor's name in the byte-wise sorted list of names and i the
/// element index, u = splitmix64-finaliser((t << 32) | i) mapped to [-1, 1); then conv and
/// linear weights are u * gain * sqrt(3 / fan_in), biases 0.05 u, BN gamma 1 + 0.1 u,
/// beta 0.1 u, running mean 0.1 u, running var 1 + 0.5 u, computed in Float64 and rounded once.
public struct FormulaWeights: WeightSource {
    public let sourceName = "formula weights"
    private let shapes: [String: [Int]]
    private let index: [String: Int]
    private let batchNormPrefixes: Set<String>

    /// Gains that keep the reference's activations in a useful range.
    public static let gainOverrides: [String: Double] = [
        "rpn_head.rpn_cls.weight": 0.3,
        "rpn_head.rpn_reg.weight": 0.3,
        "roi_head.bbox_head.fc_cls.weight": 2.0,
        "roi_head.bbox_head.fc_reg.weight": 0.3,
        "roi_head.bbox_head.fc_reg_fc.weight": 0.7,
    ]

    public init(config: ModelConfig) {
        let layout = StateDictLayout.expectedShapes(of: config)
        shapes = Dictionary(layout.map { ($0.name, $0.shape) }, uniquingKeysWith: { a, _ in a })
        let sorted = layout.map(\.name).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        index = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1, $0) })
        batchNormPrefixes = Set(layout.map(\.name).filter { $0.hasSuffix(".running_mean") }.map { String($0.dropLast(".running_mean".count)) })
    }

    public func shape(of name: String) -> [Int]? { shapes[name] }

    public func values(of name: String) throws -> [Float] {
        guard let shape = shapes[name], let t = index[name] else {
            throw WeightError(source: sourceName, message: "no tensor \(name)")
        }
        let n = shape.reduce(1, *)
        let dot = name.lastIndex(of: ".") ?? name.endIndex
        let prefix = String(name[..<dot]), leaf = name[name.index(after: dot)...]
        let affine: (Double) -> Double
        if batchNormPrefixes.contains(prefix) {
            switch leaf {
            case "weight": affine = { 1 + 0.1 * $0 }
            case "running_var": affine = { 1 + 0.5 * $0 }
            default: affine = { 0.1 * $0 }
            }
        } else if leaf == "weight" {
            let scale = (Self.gainOverrides[name] ?? 1) * (3.0 / Double(n / shape[0])).squareRoot()
            affine = { $0 * scale }
        } else {
            affine = { 0.05 * $0 }
        }
        var out = [Float](repeating: 0, count: n)
        for i in 0..<n { out[i] = Float(affine(Self.uniform(tensor: t, element: i))) }
        return out
    }

    /// splitmix64's finaliser of (t << 32 | i), mapped to [-1, 1).
    static func uniform(tensor t: Int, element i: Int) -> Double {
        // The first output of a generator seeded with the key is the finaliser of key + gamma.
        var generator = SplitMix(seed: UInt64(t) << 32 | UInt64(i))
        return generator.nextUnit() * 2 - 1
    }
}
