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
}
