import Foundation

/// When the browser rebuilds the dataset review while the analysis progresses: never two
/// builds at once, only when results arrived since the last, at once when the analysis is
/// done, otherwise at most every `interval` seconds, and never more often than twice the
/// time the last build took, so building stays a small share of the background work.
public struct ReviewSchedule: Sendable {
    /// The shortest time between two builds while the analysis progresses (seconds).
    public var interval: TimeInterval
    /// Whether a build runs now.
    public private(set) var isBuilding = false
    private var pending = 0
    private var lastStart: Date?
    private var lastDuration: TimeInterval = 0

    public init(interval: TimeInterval = 2) {
        self.interval = interval
    }

    /// Counts `count` new results.
    public mutating func add(_ count: Int) {
        pending += count
    }

    /// Whether a build should start now, given whether the analysis is finished.
    public func isDue(now: Date, analysisFinished: Bool) -> Bool {
        guard !isBuilding, pending > 0 else { return false }
        guard let lastStart else { return true }
        if analysisFinished { return true }
        return now.timeIntervalSince(lastStart) >= max(interval, 2 * lastDuration)
    }

    /// A build starts now; the results so far are in it.
    public mutating func started(now: Date) {
        isBuilding = true
        pending = 0
        lastStart = now
    }

    /// The build that started last is done after `duration` seconds.
    public mutating func finished(duration: TimeInterval) {
        isBuilding = false
        lastDuration = max(0, duration)
    }
}
