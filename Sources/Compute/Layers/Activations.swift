import Foundation

/// `max(x, 0)` elementwise.
public func relu(_ input: Tensor) -> Tensor {
    var result = input
    reluInPlace(&result)
    return result
}

/// Replaces every element of `tensor` by `max(x, 0)`.
public func reluInPlace(_ tensor: inout Tensor) {
    let count = tensor.count
    tensor.withUnsafeMutableBufferPointer { buffer in
        guard let p = buffer.baseAddress else { return }
        Parallel.forRanges(count, minimumChunk: 1 << 16) { range in
            for i in range { p[i] = max(p[i], 0) }
        }
    }
}

/// The logistic function `1 / (1 + exp(-x))`.
@inlinable
public func sigmoid(_ x: Float) -> Float {
    1 / (1 + expf(-x))
}

/// The logistic function applied to every element.
public func sigmoid(_ input: Tensor) -> Tensor {
    Tensor(shape: input.shape, storage: input.storage.map(sigmoid))
}

/// Softmax over the last dimension (each row of `[..., K]` sums to 1), computed stably
/// by subtracting the row maximum. For the head's `[N, K+1]` class logits.
public func softmax(_ input: Tensor) -> Tensor {
    guard let columns = input.shape.last, columns > 0 else { return input }
    let rows = input.count / columns
    var result = input
    result.withUnsafeMutableBufferPointer { buffer in
        guard let base = buffer.baseAddress else { return }
        Parallel.forRanges(rows, minimumChunk: max(1, 8192 / columns)) { range in
            for row in range {
                let p = base + row * columns
                var top = -Float.infinity
                for j in 0..<columns { top = max(top, p[j]) }
                var sum: Float = 0
                for j in 0..<columns {
                    let e = expf(p[j] - top)
                    p[j] = e
                    sum += e
                }
                let inverse = 1 / sum
                for j in 0..<columns { p[j] *= inverse }
            }
        }
    }
    return result
}
