import Compute
import Detector
import Foundation

/// Deterministic head outputs of the size the store's budget names (80 classes, 1000 RoIs,
/// both heads of an Ext model), without running a network: for the store's size tests and
/// `dhscope bench store`.
public enum SyntheticAnalysis {
    /// How peaked the class scores are: `trained` puts most of each RoI's mass on one class
    /// (background for most RoIs), as a trained detector does; `spread` draws logits of
    /// spread 2 for every class, so many classes pass the threshold.
    public enum Scores: String, Sendable, CaseIterable { case trained, spread }

    public static func make(classes k: Int = 80, rois n: Int = 1000, scores: Scores, seed: UInt64 = 7) -> RawAnalysis {
        var rng = SplitMix(seed)
        func softmax(_ logits: [Float]) -> [Float] {
            let m = logits.max() ?? 0
            let e = logits.map { Float(Foundation.exp(Double($0 - m))) }
            let s = e.reduce(0, +)
            return e.map { $0 / s }
        }
        func head() -> [Float] {
            (0..<n).flatMap { _ -> [Float] in
                var logits = (0..<(k + 1)).map { _ in Float(rng.normal()) * (scores == .spread ? 2 : 1) }
                if scores == .trained {
                    let winner = rng.unit() < 0.75 ? k : Int(rng.unit() * Double(k))
                    logits[winner] += 7
                }
                return softmax(logits)
            }
        }
        let resized = (0..<n).map { _ -> Box in
            let x = Float(rng.unit() * 1100), y = Float(rng.unit() * 700)
            return Box(x1: x, y1: y, x2: x + 16 + Float(rng.unit() * 300), y2: y + 16 + Float(rng.unit() * 300))
        }
        let scaleX = 1216.0 / 640, scaleY = 800.0 / 421
        let scale = ResizeScale(x: scaleX, y: scaleY)
        func deltas() -> [Float] { (0..<(n * k * 4)).map { _ in Float(rng.normal()) * 0.5 } }
        return RawAnalysis(
            imageWidth: 640, imageHeight: 421, resizedWidth: 1216, resizedHeight: 800, scaleX: scaleX, scaleY: scaleY,
            numClasses: k, regressionClasses: k, targetStds: [0.1, 0.1, 0.2, 0.2], targetMeans: [0, 0, 0, 0],
            proposals: resized.map(scale.toOriginal), resizedProposals: resized,
            objectness: (0..<n).map { _ in Float(rng.unit()) }, proposalLevels: (0..<n).map { _ in Int(rng.unit() * 5) },
            roiLevels: (0..<n).map { _ in Int(rng.unit() * 4) },
            fcScores: head(), convDeltas: deltas(), convScores: head(), fcDeltas: deltas(), timings: [])
    }
}

/// A small deterministic generator (SplitMix64) so the synthetic outputs never change.
struct SplitMix {
    var state: UInt64
    init(_ seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func normal() -> Double {
        let u = max(unit(), 1e-12), v = unit()
        return (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * .pi * v)
    }
}
