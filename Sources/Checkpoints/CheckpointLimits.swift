/// Resource bounds applied while opening a checkpoint, which is untrusted input.
///
/// The defaults admit every real detector checkpoint (a ResNet-101 Double-Head has about
/// 60 M parameters in ~600 tensors) while refusing files built to exhaust memory or time.
public struct CheckpointLimits: Sendable, Equatable {
    /// The safetensors JSON header may be at most this many bytes (the format's own limit).
    public static let defaultMaxHeaderBytes = 100 << 20
    /// A pickle (data.pkl or a legacy main pickle) may be at most this many bytes.
    public static let defaultMaxPickleBytes = 64 << 20
    /// The pickle machine's value stack may hold at most this many entries.
    public static let defaultMaxStackDepth = 1 << 20
    /// The pickle memo may hold at most this many entries.
    public static let defaultMaxMemoEntries = 1 << 20
    /// A single tensor may have at most this many elements (4 G: 16 GB of F32).
    public static let defaultMaxTensorElements = 1 << 32
    /// A checkpoint may hold at most this many tensors.
    public static let defaultMaxTensorCount = 1 << 20
    /// A zip archive may hold at most this many entries.
    public static let defaultMaxZipEntries = 1 << 21

    /// Largest accepted safetensors JSON header, in bytes.
    public var maxHeaderBytes = defaultMaxHeaderBytes
    /// Largest accepted pickle, in bytes.
    public var maxPickleBytes = defaultMaxPickleBytes
    /// Deepest accepted pickle stack (and mark stack).
    public var maxStackDepth = defaultMaxStackDepth
    /// Most pickle memo entries.
    public var maxMemoEntries = defaultMaxMemoEntries
    /// Most elements in one tensor. (Independently, a tensor may not have more elements than
    /// its storage unless it has at most 2^24, so zero strides cannot inflate a tiny file.)
    public var maxTensorElements = defaultMaxTensorElements
    /// Most tensors in one checkpoint.
    public var maxTensorCount = defaultMaxTensorCount
    /// Most entries in a zip archive.
    public var maxZipEntries = defaultMaxZipEntries

    /// The default bounds.
    public static let `default` = CheckpointLimits()

    /// Creates the default bounds; change single fields as needed.
    public init() {}
}
