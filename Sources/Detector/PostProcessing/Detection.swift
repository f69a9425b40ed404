import Compute

/// One detection of a head variant, linked to the RoI it came from.
public struct Detection: Sendable, Equatable, Codable {
    /// Class index, 0-based (background excluded).
    public let label: Int
    public let score: Float
    /// In original image pixels.
    public let box: Box
    /// Index of the RoI (proposal) in the ``RawAnalysis``.
    public let roi: Int

    public init(label: Int, score: Float, box: Box, roi: Int) {
        self.label = label
        self.score = score
        self.box = box
        self.roi = roi
    }
}
