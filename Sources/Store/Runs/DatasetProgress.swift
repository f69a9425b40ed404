import Foundation

/// How far an analysis over a dataset is: images done of those to analyse, how many came from
/// the store or failed, the network's speed so far and the time left at that speed. Shown in
/// the browser's status bar and on stderr by `eval --images` and `store analyze`.
public struct DatasetProgress: Sendable, Equatable {
    /// Images whose detections are known (analysed, read from the store, or failed).
    public var done: Int
    /// Images to analyse.
    public var total: Int
    /// Of `done`, how many came from the store.
    public var fromStore: Int
    /// Of `done`, how many could not be analysed.
    public var failed: Int
    /// Images the network analysed per second so far; nil before the first.
    public var imagesPerSecond: Double?

    public init(done: Int = 0, total: Int, fromStore: Int = 0, failed: Int = 0, imagesPerSecond: Double? = nil) {
        self.done = done
        self.total = total
        self.fromStore = fromStore
        self.failed = failed
        self.imagesPerSecond = imagesPerSecond
    }

    /// Whether every image is done.
    public var isFinished: Bool { done >= total }

    /// Seconds left at the speed so far, assuming the rest needs the network; nil when
    /// unknown or finished.
    public var secondsLeft: Double? {
        guard !isFinished, let rate = imagesPerSecond, rate > 0, rate.isFinite else { return nil }
        return Double(total - done) / rate
    }

    /// "12/40 · 3.1 img/s · 0:09 left · 5 from store" while it runs, "40/40 · 5 from store"
    /// when done.
    public var text: String {
        var parts = ["\(done)/\(total)"]
        if !isFinished {
            if let rate = imagesPerSecond, rate.isFinite { parts.append(String(format: "%.1f img/s", rate)) }
            if let left = secondsLeft { parts.append(Self.duration(left) + " left") }
        }
        if fromStore > 0 { parts.append("\(fromStore) from store") }
        if failed > 0 { parts.append("\(failed) failed") }
        return parts.joined(separator: " · ")
    }

    /// m:ss, or h:mm:ss past an hour.
    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded(.up))
        let (hours, minutes, rest) = (total / 3600, total / 60 % 60, total % 60)
        return hours > 0 ? String(format: "%d:%02d:%02d", hours, minutes, rest) : String(format: "%d:%02d", minutes, rest)
    }
}
