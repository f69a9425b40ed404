/// Fully connected layer `y = relu?(x W^T + b)` as one GEMM.
///
/// - Parameters:
///   - input: `[N, in]`, or any tensor whose first dimension is N (it is flattened
///     to `[N, count / N]`, as `x.flatten(1)` in PyTorch).
///   - weight: `[out, in]` (PyTorch `nn.Linear` layout).
///   - bias: `out` values, or nil.
///   - relu: apply ReLU to the result.
/// - Returns: `[N, out]`.
/// - Precondition: `in` matches the weight.
public func linear(input: Tensor, weight: Tensor, bias: [Float]? = nil, relu: Bool = false) -> Tensor {
    precondition(input.rank >= 1 && weight.rank == 2, "linear: input \(input.shape), weight \(weight.shape)")
    let n = input.shape[0]
    let (outFeatures, inFeatures) = (weight.shape[0], weight.shape[1])
    precondition(n == 0 || input.count / n == inFeatures,
                 "linear: input \(input.shape) has \(n == 0 ? 0 : input.count / n) features, weight wants \(inFeatures)")
    if let bias { precondition(bias.count == outFeatures, "linear: \(bias.count) biases for \(outFeatures) outputs") }
    return Tensor(shape: [n, outFeatures]) { out in
        guard let y = out.baseAddress else { return }
        input.withUnsafeBufferPointer { xBuf in
            weight.withUnsafeBufferPointer { wBuf in
                guard let x = xBuf.baseAddress, let w = wBuf.baseAddress else { return }
                Gemm.multiply(m: n, n: outFeatures, k: inFeatures, a: x, lda: inFeatures,
                              b: w, ldb: inFeatures, transposeB: true, c: y, ldc: outFeatures)
            }
        }
        withOptionalPointer(bias) { b in
            Epilogue(bias: nil, residual: nil, relu: relu).applyRowBias(b, to: y, rows: n, columns: outFeatures)
        }
    }
}

extension Epilogue {
    /// Adds `bias[j]` to column j of the row-major `[rows, columns]` matrix, then ReLU if set.
    func applyRowBias(_ bias: UnsafePointer<Float>?, to c: UnsafeMutablePointer<Float>, rows: Int, columns: Int) {
        if bias == nil && !relu { return }
        let minimumRows = max(1, 16_384 / max(1, columns))
        Parallel.forRanges(rows, minimumChunk: minimumRows) { rowRange in
            for row in rowRange {
                let p = c + row * columns
                if let bias {
                    if relu {
                        for j in 0..<columns { p[j] = max(p[j] + bias[j], 0) }
                    } else {
                        for j in 0..<columns { p[j] += bias[j] }
                    }
                } else {
                    for j in 0..<columns { p[j] = max(p[j], 0) }
                }
            }
        }
    }
}
