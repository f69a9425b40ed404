import Foundation

/// How far an analysis over a dataset is: shown in the browser's status bar and on stderr.
public struct DatasetProgress: Sendable, Equatable {
    public var done: Int
    public var total: Int
    /// Of `done`, how many came from the store and how many failed.
    public var fromStore: Int
    public var failed: Int
    /// Seconds since the run started.
    public var elapsed: Double
    /// Seconds spent on images the network analysed (the rate's denominator).
    public var analysisSeconds: Double

    public init(done: Int = 0, total: Int, fromStore: Int = 0, failed: Int = 0, elapsed: Double = 0, analysisSeconds: Double = 0) {
        self.done = done
        self.total = total
        self.fromStore = fromStore
        self.failed = failed
        self.elapsed = elapsed
        self.analysisSeconds = analysisSeconds
    }

    /// Images the network analysed per second (nil before the first).
    public var imagesPerSecond: Double? {
        let analysed = done - fromStore - failed
        return analysed > 0 && elapsed > 0 ? Double(analysed) / max(analysisSeconds, 1e-9) : nil
    }

    /// Seconds left at the current rate, assuming the rest needs the network.
    public var secondsLeft: Double? {
        guard let rate = imagesPerSecond, rate > 0 else { return done >= total ? 0 : nil }
        return Double(total - done) / rate
    }

    public var isComplete: Bool { done >= total }

    /// "12/500 · 3.1 img/s · 2m37s left · 40 from store".
    public var text: String {
        var parts = ["\(done)/\(total)"]
        if let rate = imagesPerSecond { parts.append(String(format: rate < 10 ? "%.1f img/s" : "%.0f img/s", rate)) }
        if !isComplete, let left = secondsLeft { parts.append("\(Self.duration(left)) left") }
        if fromStore > 0 { parts.append("\(fromStore) from store") }
        if failed > 0 { parts.append("\(failed) failed") }
        return parts.joined(separator: " · ")
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded(.up))
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m\(String(format: "%02d", s % 60))s" }
        return "\(s / 3600)h\(String(format: "%02d", s / 60 % 60))m"
    }
}
