/// A dense Float32 tensor: a flat row-major `storage` and its `shape`.
///
/// Feature maps are NCHW (`[N, C, H, W]`, N = 1 for an image, N = RoI count for
/// the head) unless a function documents the channel-major layout `[C, N, H, W]`
/// (see ``TensorLayout``). The type is a value type with copy-on-write storage;
/// kernels access the storage through `withUnsafe...` so hot loops never copy.
public struct Tensor: Sendable, Equatable {
    /// The extent of every dimension, outermost first.
    public private(set) var shape: [Int]
    /// The elements in row-major order; `storage.count == shape.reduce(1, *)`.
    public private(set) var storage: [Float]

    /// Wraps `storage` as a tensor of `shape`.
    /// - Precondition: the element counts agree and no dimension is negative.
    public init(shape: [Int], storage: [Float]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in \(shape)")
        precondition(Tensor.elementCount(of: shape) == storage.count,
                     "shape \(shape) needs \(Tensor.elementCount(of: shape)) elements, got \(storage.count)")
        self.shape = shape
        self.storage = storage
    }

    /// A tensor of `shape` with every element equal to `value` (zero by default).
    public init(shape: [Int], repeating value: Float = 0) {
        self.init(shape: shape, storage: [Float](repeating: value, count: Tensor.elementCount(of: shape)))
    }

    /// A tensor whose elements are written by `initializer`, which receives a buffer of
    /// `shape`'s element count and must initialise every element. Avoids zero-filling.
    public init(shape: [Int], unsafeUninitialized initializer: (UnsafeMutableBufferPointer<Float>) -> Void) {
        let count = Tensor.elementCount(of: shape)
        let storage = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            initializer(buffer)
            initialized = count
        }
        self.init(shape: shape, storage: storage)
    }

    /// The number of elements, the product of the dimensions.
    public var count: Int { storage.count }

    /// The number of dimensions.
    public var rank: Int { shape.count }

    /// The product of `shape`'s dimensions.
    public static func elementCount(of shape: [Int]) -> Int {
        shape.reduce(1, *)
    }

    /// The same elements viewed with another shape of equal element count.
    /// - Precondition: `Tensor.elementCount(of: newShape) == count`.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        Tensor(shape: newShape, storage: storage)
    }

    /// Changes the shape in place without touching the elements.
    /// - Precondition: `Tensor.elementCount(of: newShape) == count`.
    public mutating func reshape(_ newShape: [Int]) {
        precondition(Tensor.elementCount(of: newShape) == count,
                     "cannot reshape \(shape) to \(newShape)")
        shape = newShape
    }

    /// Calls `body` with a read-only pointer to the elements.
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer(body)
    }

    /// Calls `body` with a mutable pointer to the elements.
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (inout UnsafeMutableBufferPointer<Float>) throws -> R
    ) rethrows -> R {
        try storage.withUnsafeMutableBufferPointer(body)
    }

    /// Element at a multi-dimensional index (slow; for tests and inspection).
    public subscript(_ index: Int...) -> Float {
        get { storage[flatIndex(index)] }
        set { storage[flatIndex(index)] = newValue }
    }

    private func flatIndex(_ index: [Int]) -> Int {
        precondition(index.count == shape.count, "index \(index) for shape \(shape)")
        var flat = 0
        for (i, extent) in zip(index, shape) {
            precondition(i >= 0 && i < extent, "index \(index) out of bounds for shape \(shape)")
            flat = flat * extent + i
        }
        return flat
    }

    /// The 4-D tensor `[N, C, H, W]` transposed to channel-major `[C, N, H, W]`
    /// (or back: the permutation is its own inverse).
    /// - Precondition: `rank == 4`.
    public func swappingFirstTwoDimensions() -> Tensor {
        precondition(rank == 4, "expected a 4-D tensor, got \(shape)")
        let (a, b, plane) = (shape[0], shape[1], shape[2] * shape[3])
        return Tensor(shape: [b, a, shape[2], shape[3]]) { out in
            storage.withUnsafeBufferPointer { src in
                guard let s = src.baseAddress, let d = out.baseAddress else { return }
                Parallel.for(b) { j in
                    for i in 0..<a {
                        (d + (j * a + i) * plane).update(from: s + (i * b + j) * plane, count: plane)
                    }
                }
            }
        }
    }
}

/// How a 4-D feature tensor is laid out in memory.
public enum TensorLayout: Sendable, Hashable {
    /// `[N, C, H, W]`: one image (or RoI) after another. PyTorch's layout.
    case nchw
    /// `[C, N, H, W]`: channel-major, so a 1x1 convolution over all N images is one GEMM
    /// `[O, C] x [C, N*H*W]`. The Double-Head conv branch should stay in this layout.
    case channelMajor
}
