import Foundation

/// How far the browser's background analysis of the whole image list is: images done of
/// those to analyse, the speed so far and the time left at that speed.
public struct DatasetProgress: Equatable, Sendable {
    /// Images whose detections are known (analysed, read from a store, or failed).
    public var done: Int
    /// Images to analyse (those the ground truth lists).
    public var total: Int
    /// Images the detector could not analyse (counted in `done`).
    public var failed: Int
    /// Images the network analysed per second so far; nil before the first.
    public var imagesPerSecond: Double?

    public init(done: Int, total: Int, failed: Int = 0, imagesPerSecond: Double? = nil) {
        self.done = done
        self.total = total
        self.failed = failed
        self.imagesPerSecond = imagesPerSecond
    }

    /// Whether every image is done.
    public var isFinished: Bool { done >= total }

    /// Seconds left at the speed so far; nil when unknown or finished.
    public var secondsLeft: Double? {
        guard !isFinished, let rate = imagesPerSecond, rate > 0, rate.isFinite else { return nil }
        return Double(total - done) / rate
    }

    /// "dataset 12/40 · 3.1 img/s · 0:09 left" while it runs, "dataset 40/40" when done.
    public var text: String {
        var parts = ["dataset \(done)/\(total)"]
        if failed > 0 { parts.append("\(failed) failed") }
        if !isFinished {
            if let rate = imagesPerSecond, rate.isFinite { parts.append(String(format: "%.1f img/s", rate)) }
            if let left = secondsLeft { parts.append(Self.duration(left) + " left") }
        }
        return parts.joined(separator: " · ")
    }

    /// m:ss, or h:mm:ss past an hour.
    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded(.up))
        let (hours, minutes, rest) = (total / 3600, total / 60 % 60, total % 60)
        return hours > 0 ? String(format: "%d:%02d:%02d", hours, minutes, rest) : String(format: "%d:%02d", minutes, rest)
    }
}
