import CBLAS

/// Thin wrappers over OpenBLAS's row-major single-precision GEMM.
public enum Gemm {
    /// `C = alpha * op(A) * op(B) + beta * C` with row-major matrices, where op(A) is
    /// `m x k`, op(B) is `k x n` and C is `m x n`; `lda`, `ldb`, `ldc` are row strides.
    /// Runs on OpenBLAS's own threads; do not call from inside `Parallel.for`.
    public static func multiply(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int, transposeA: Bool = false,
        b: UnsafePointer<Float>, ldb: Int, transposeB: Bool = false,
        c: UnsafeMutablePointer<Float>, ldc: Int,
        alpha: Float = 1, beta: Float = 0
    ) {
        guard m > 0, n > 0 else { return }
        cblas_sgemm(CblasRowMajor,
                    transposeA ? CblasTrans : CblasNoTrans,
                    transposeB ? CblasTrans : CblasNoTrans,
                    blasint(m), blasint(n), blasint(k), alpha,
                    a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
    }

    /// Runs `body` with OpenBLAS limited to the calling thread, then restores its thread
    /// count. For callers that run several small GEMMs concurrently on their own threads.
    /// The setting is process-wide: do not overlap with other BLAS work.
    public static func withSingleThreadedBLAS<T>(_ body: () throws -> T) rethrows -> T {
        let previous = openblas_get_num_threads()
        openblas_set_num_threads(1)
        defer { openblas_set_num_threads(previous) }
        return try body()
    }
}
