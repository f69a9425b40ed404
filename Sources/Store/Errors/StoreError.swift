/// Why the store cannot be used; every case names the path and says what to do.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The folder cannot be created or written.
    case unwritable(path: String, reason: String)
    /// A file the store must read (an image, the model) cannot be read.
    case unreadable(path: String, reason: String)
    /// A folder that holds other things than a store (no store.json).
    case notAStore(path: String)
    /// A store written by a later dhscope.
    case newerFormat(path: String, version: Int)
    /// `--shard` is not "i/n" with 0 <= i < n.
    case badShard(String)

    public var description: String {
        switch self {
        case .unwritable(let path, let reason):
            return "\(path): cannot write the analysis store (\(reason)); give another folder with --store, or --no-store"
        case .unreadable(let path, let reason):
            return "\(path): cannot read (\(reason))"
        case .notAStore(let path):
            return "\(path): not an analysis store (it holds other files but no store.json); give an empty or new folder with --store"
        case .newerFormat(let path, let version):
            return "\(path): store format \(version) was written by a newer dhscope; use that version or another --store folder"
        case .badShard(let text):
            return "--shard \(text): give i/n with 0 <= i < n, for example 0/4 (the first of four shards)"
        }
    }
}
