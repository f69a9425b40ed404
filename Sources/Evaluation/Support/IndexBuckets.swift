/// Indices `0..<keys.count` grouped by key (`0..<bucketCount`) with one counting sort: bucket
/// `b` holds, in ascending order, the indices whose key is `b`. Keys outside the range are
/// left out. Replaces a dictionary of arrays where the keys are dense (image positions,
/// category indices): two passes, no hashing, one allocation.
struct IndexBuckets: Sendable {
    /// Where each bucket starts in `items`; `bucketCount + 1` entries.
    private(set) var starts: [Int]
    /// The indices, bucket after bucket.
    private(set) var items: [Int]

    init(bucketCount: Int, keys: [Int]) {
        var starts = [Int](repeating: 0, count: bucketCount + 1)
        for key in keys where key >= 0 && key < bucketCount { starts[key + 1] += 1 }
        for b in 0..<bucketCount { starts[b + 1] += starts[b] }
        var next = Array(starts.dropLast())
        var items = [Int](repeating: 0, count: starts[bucketCount])
        for (i, key) in keys.enumerated() where key >= 0 && key < bucketCount {
            items[next[key]] = i
            next[key] += 1
        }
        self.starts = starts
        self.items = items
    }

    /// The number of buckets.
    var count: Int { starts.count - 1 }

    /// Where bucket `b` starts in `items` (`b == count`: the end).
    func start(of b: Int) -> Int { starts[b] }

    /// Bucket `b`'s indices, ascending.
    subscript(b: Int) -> ArraySlice<Int> { items[starts[b]..<starts[b + 1]] }
}
