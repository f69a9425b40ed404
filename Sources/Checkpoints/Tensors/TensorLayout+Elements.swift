/// Reading a validated layout's elements in C order (the layout was checked at open to stay
/// inside its storage, so the indices it yields are in range).
extension TensorLayout {
    /// Calls `body` with the storage element index of every tensor element, in C order.
    func forEachStorageIndex(_ body: (Int) -> Void) {
        let n = info.elementCount
        guard n > 0 else { return }
        if isContiguous {
            for i in offset ..< offset + n { body(i) }
            return
        }
        let shape = info.shape
        let rank = shape.count
        var counter = [Int](repeating: 0, count: rank)
        var index = offset
        for _ in 0 ..< n {
            body(index)
            // Odometer increment over the dimensions, innermost first.
            var d = rank - 1
            while d >= 0 {
                counter[d] += 1
                index += strides[d]
                if counter[d] < shape[d] { break }
                index -= strides[d] * shape[d]
                counter[d] = 0
                d -= 1
            }
        }
    }

    /// Every element in C order, each read from `storage` by `element(storage, index, dtype)`.
    func elements<T>(of storage: UnsafeRawBufferPointer,
                     _ element: (UnsafeRawBufferPointer, Int, DType) -> T) -> [T] {
        let n = info.elementCount
        guard n > 0 else { return [] }
        let dtype = info.dtype
        return [T](unsafeUninitializedCapacity: n) { out, initialized in
            var k = 0
            forEachStorageIndex { i in
                out[k] = element(storage, i, dtype)
                k += 1
            }
            initialized = k
        }
    }
}
