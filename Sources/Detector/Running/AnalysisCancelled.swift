/// Thrown when a newer request made this analysis stale.
public struct AnalysisCancelled: Error, Sendable, CustomStringConvertible {
    public init() {}
    public var description: String { "the analysis was cancelled" }
}
