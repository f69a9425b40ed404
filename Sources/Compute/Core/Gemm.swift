import CBLAS

/// Row-major single-precision GEMM on OpenBLAS, spread over the cores by dhscope itself
/// (OpenBLAS runs single-threaded). OpenBLAS is loaded on first use (see
/// ``requireLibrary()``), so commands that never multiply matrices do not load it.
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

    /// The kernels OpenBLAS runs (e.g. "SkylakeX", "Haswell"), or nil when it cannot be
    /// loaded. dhscope picks SkylakeX on AVX-512 CPUs; `DHSCOPE_OPENBLAS_CORETYPE` chooses.
    public static var coreName: String? {
        dh_blas_load() == 1 ? String(cString: dh_blas_core_name()) : nil
    }

    /// Threads OpenBLAS itself runs a product on: 1, since dhscope spreads products over the
    /// cores itself; nil when OpenBLAS cannot be loaded.
    public static var openBLASThreadCount: Int? {
        dh_blas_load() == 1 ? Int(dh_blas_get_num_threads()) : nil
    }

    /// `C = alpha * op(A) * op(B) + beta * C` with row-major matrices, where op(A) is
    /// `m x k`, op(B) is `k x n` and C is `m x n`; `lda`, `ldb`, `ldc` are row strides.
    ///
    /// A large product is split into blocks of C's columns (or rows, when it is taller than
    /// wide) that run concurrently through single-threaded OpenBLAS (``blockCount(m:n:k:)``).
    /// The blocks depend only on the shape, never on the cores or the calling thread, so the
    /// same product gives the same bits everywhere, inside a `Parallel.for` body (where the
    /// blocks run one after the other) or not.
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
        let blocks = blockCount(m: m, n: n, k: k)
        func run(m: Int, n: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>) {
            dh_sgemm_row_major(transposeA ? 1 : 0, transposeB ? 1 : 0, Int32(m), Int32(n), Int32(k), alpha,
                               a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
        }
        guard blocks > 1 else { return run(m: m, n: n, a: a, b: b, c: c) }
        let splitsRows = m > n
        let length = splitsRows ? m : n
        Parallel.for(blocks) { i in
            let start = boundary(i, of: blocks, length: length), end = boundary(i + 1, of: blocks, length: length)
            guard start < end else { return }
            if splitsRows {
                // Rows i of op(A) and C.
                run(m: end - start, n: n, a: a + start * (transposeA ? 1 : lda), b: b, c: c + start * ldc)
            } else {
                // Columns j of op(B) and C.
                run(m: m, n: end - start, a: a, b: b + start * (transposeB ? ldb : 1), c: c + start)
            }
        }
    }

    /// Concurrent blocks for an `m x n x k` product: one per 8 MFLOP, each at least 128
    /// columns (rows) wide so OpenBLAS's packing of the other operand pays off, at most 8.
    public static func blockCount(m: Int, n: Int, k: Int) -> Int {
        let length = max(m, n)
        let byWork = 2 * Double(m) * Double(n) * Double(k) / 8e6
        return max(1, min(8, length / 128, Int(byWork)))
    }

    /// Where block `i` of `blocks` starts along `length`, on a multiple of 16 (whole SIMD
    /// panels in every block but the last).
    private static func boundary(_ i: Int, of blocks: Int, length: Int) -> Int {
        i >= blocks ? length : min(length, (i * length / blocks + 8) / 16 * 16)
    }
}
