/// What a checkpoint says about one tensor, without reading its values.
public struct TensorInfo: Sendable, Hashable {
    /// The state_dict key, e.g. `backbone.conv1.weight`.
    public let name: String
    /// The element type as stored.
    public let dtype: DType
    /// The dimensions, outermost first (empty for a 0-d scalar).
    public let shape: [Int]
    /// The number of elements (1 for a scalar, 0 if any dimension is 0).
    public let elementCount: Int

    /// Creates a description; `shape` must already be validated (no negative dimensions).
    public init(name: String, dtype: DType, shape: [Int]) {
        self.name = name
        self.dtype = dtype
        self.shape = shape
        var n = 1
        for d in shape {
            let (p, overflow) = n.multipliedReportingOverflow(by: max(d, 0))
            n = overflow ? Int.max : p
        }
        self.elementCount = n
    }
}

/// Where a tensor's elements live in the mapped file: validated at open time so reads
/// never leave the storage.
struct TensorLayout: Sendable {
    let info: TensorInfo
    /// Byte offset of the storage's first element within the mapped file.
    let storageStart: Int
    /// Elements in the storage.
    let storageElements: Int
    /// Element offset of the tensor's first element within the storage.
    let offset: Int
    /// Element strides per dimension.
    let strides: [Int]

    /// Whether the elements are contiguous in C order (dimensions of size 1 ignore their stride).
    var isContiguous: Bool {
        var expected = 1
        for (d, s) in zip(info.shape, strides).reversed() where d != 1 {
            if s != expected { return false }
            expected &*= d
        }
        return true
    }
}
