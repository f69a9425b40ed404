/// Summary statistics of a tensor's values, accumulated in Float64.
public struct TensorStatistics: Sendable, Hashable {
    /// The number of elements.
    public let count: Int
    /// The sum of all elements (0 for an empty tensor).
    public let sum: Double
    /// The mean, or nil for an empty tensor.
    public let mean: Double?
    /// The smallest element (NaNs ignored), or nil if there is none.
    public let min: Double?
    /// The largest element (NaNs ignored), or nil if there is none.
    public let max: Double?

    /// Computes the statistics of `values`.
    public init(_ values: some Sequence<Double>) {
        var acc = Accumulator()
        for v in values { acc.add(v) }
        self = acc.result
    }

    private init(count: Int, sum: Double, min: Double?, max: Double?) {
        self.count = count
        self.sum = sum
        self.mean = count > 0 ? sum / Double(count) : nil
        self.min = min
        self.max = max
    }

    /// Streams values in without materialising them.
    struct Accumulator {
        private var count = 0
        private var sum = 0.0
        private var lo = Double.infinity, hi = -Double.infinity
        private var any = false

        @inline(__always)
        mutating func add(_ v: Double) {
            count += 1
            sum += v
            if v < lo { lo = v; any = true }
            if v > hi { hi = v; any = true }
        }

        var result: TensorStatistics {
            TensorStatistics(count: count, sum: sum, min: any ? lo : nil, max: any ? hi : nil)
        }
    }
}
