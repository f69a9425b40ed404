import Evaluation
import Compute
import Foundation

/// Proposals sampled around a ground-truth box so that every IoU bin is represented, as in
/// the paper's head analysis (Wu et al. 2020, section 3): the box is shifted by up to
/// `maxShift` of its size and rescaled by up to `exp(±maxLogScale)` per axis, and samples
/// are kept per bin until each has `perBin` (or the attempts run out).
public struct ProposalSampler: Sendable {
    /// IoU bin edges, e.g. [0.5, 0.6, 0.7, 0.8, 0.9, 1.0].
    public var binEdges: [Double]
    public var perBin: Int
    public var maxShift: Double
    public var maxLogScale: Double
    public var maxAttempts: Int

    public init(binEdges: [Double] = [0.5, 0.6, 0.7, 0.8, 0.9, 1.0], perBin: Int = 4, maxShift: Double = 0.35,
                maxLogScale: Double = 0.45, maxAttempts: Int = 4000) {
        self.binEdges = binEdges
        self.perBin = perBin
        self.maxShift = maxShift
        self.maxLogScale = maxLogScale
        self.maxAttempts = maxAttempts
    }

    /// Bin index of an IoU (nil outside the edges; the last bin includes 1.0).
    public func bin(of iou: Double) -> Int? {
        guard let first = binEdges.first, let last = binEdges.last, iou >= first, iou <= last else { return nil }
        for b in 0..<(binEdges.count - 1) where iou < binEdges[b + 1] { return b }
        return binEdges.count - 2
    }

    /// Samples for one box; deterministic for a given `seed`.
    public func samples(around gt: Box, seed: UInt64) -> [Box] {
        var rng = SplitMix(seed: seed)
        var counts = [Int](repeating: 0, count: max(0, binEdges.count - 1))
        var out: [Box] = []
        let w = Double(gt.width), h = Double(gt.height)
        guard w > 0, h > 0 else { return [] }
        for _ in 0..<maxAttempts where counts.contains(where: { $0 < perBin }) {
            // A random strength first, so near-perfect boxes are as easy to draw as loose ones.
            let strength = rng.uniform(0, 1)
            let shift = maxShift * strength, logScale = maxLogScale * strength
            let cx = Double(gt.x1 + gt.x2) / 2 + rng.uniform(-shift, shift) * w
            let cy = Double(gt.y1 + gt.y2) / 2 + rng.uniform(-shift, shift) * h
            let nw = w * exp(rng.uniform(-logScale, logScale)), nh = h * exp(rng.uniform(-logScale, logScale))
            let box = Box(x1: Float(cx - nw / 2), y1: Float(cy - nh / 2), x2: Float(cx + nw / 2), y2: Float(cy + nh / 2))
            guard let b = bin(of: Double(iou(box, gt))), counts[b] < perBin else { continue }
            counts[b] += 1
            out.append(box)
        }
        return out
    }
}
