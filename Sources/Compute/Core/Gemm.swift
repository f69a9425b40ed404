import CBLAS

/// Thin wrappers over OpenBLAS's row-major single-precision GEMM. OpenBLAS is loaded on first
/// use (see ``requireLibrary()``), so commands that never multiply matrices do not load it.
public enum Gemm {
    /// OpenBLAS could not be loaded; the message says what to install.
    public struct LibraryMissing: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// Loads OpenBLAS if it is not loaded yet. Call before the first ``multiply``: a model
    /// loader does, so a missing library is an error message, not a trap.
    public static func requireLibrary() throws(LibraryMissing) {
        guard dh_blas_load() == 1 else { throw LibraryMissing(description: String(cString: dh_blas_error())) }
    }

    /// `C = alpha * op(A) * op(B) + beta * C` with row-major matrices, where op(A) is
    /// `m x k`, op(B) is `k x n` and C is `m x n`; `lda`, `ldb`, `ldc` are row strides.
    /// Runs on OpenBLAS's own threads; do not call from inside `Parallel.for`.
    /// - Precondition: OpenBLAS loads (``requireLibrary()``).
    public static func multiply(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int, transposeA: Bool = false,
        b: UnsafePointer<Float>, ldb: Int, transposeB: Bool = false,
        c: UnsafeMutablePointer<Float>, ldc: Int,
        alpha: Float = 1, beta: Float = 0
    ) {
        guard m > 0, n > 0 else { return }
        precondition(dh_blas_load() == 1, String(cString: dh_blas_error()))
        dh_sgemm_row_major(transposeA ? 1 : 0, transposeB ? 1 : 0, Int32(m), Int32(n), Int32(k), alpha,
                           a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// Runs `body` with OpenBLAS limited to the calling thread, then restores its thread
    /// count. For callers that run several small GEMMs concurrently on their own threads.
    /// The setting is process-wide: do not overlap with other BLAS work.
    public static func withSingleThreadedBLAS<T>(_ body: () throws -> T) rethrows -> T {
        precondition(dh_blas_load() == 1, String(cString: dh_blas_error()))
        let previous = dh_blas_get_num_threads()
        dh_blas_set_num_threads(1)
        defer { dh_blas_set_num_threads(previous) }
        return try body()
    }
}
