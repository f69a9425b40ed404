extension Array where Element == Double {
    /// The middle value once sorted (the upper middle for an even count), as the benchmarks
    /// report it; nil when empty.
    public var median: Double? {
        isEmpty ? nil : sorted()[count / 2]
    }
}
