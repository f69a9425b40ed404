/// One of `count` disjoint parts of a dataset (`--shard index/count`): the files whose
/// position in path order is `index` modulo `count`, so any batch scheduler's array index
/// picks a part and the parts together are the dataset.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    /// The whole dataset.
    public static let all = Shard(uncheckedIndex: 0, count: 1)

    private init(uncheckedIndex: Int, count: Int) {
        index = uncheckedIndex
        self.count = count
    }

    /// Parses "i/n" (0 <= i < n, n <= 1,000,000).
    public init(parsing text: String) throws(StoreError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, n <= 1_000_000, i >= 0, i < n else {
            throw .badShard(text)
        }
        self.init(uncheckedIndex: i, count: n)
    }

    /// This shard's files, in path order.
    public func select(_ files: [String]) -> [String] {
        files.sorted().enumerated().filter { $0.offset % count == index }.map(\.element)
    }

    public var description: String { "\(index)/\(count)" }
}
