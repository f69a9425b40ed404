import CBLAS
import Foundation

/// OpenBLAS's single-precision GEMM rate on this machine: the ceiling `dhscope bench`
/// compares the conv head's rate with.
public enum GemmPeak {
    /// One timing: the best wall time over the repeats and the arithmetic rate it implies.
    public struct Measurement: Sendable, Hashable {
        /// Best wall-clock seconds of one run.
        public var seconds: Double
        /// Floating-point operations per run (2 per multiply-add).
        public var flops: Double
        /// `flops / seconds / 1e9`.
        public var gflops: Double { flops / seconds / 1e9 }
    }

    /// A `size` x `size` x `size` SGEMM on random matrices, best of `repeats` runs each
    /// through dhscope's column blocks (``Gemm/multiply``) and through OpenBLAS's own threads
    /// on every core: on a square product OpenBLAS's threading, which packs each operand
    /// once, can beat the blocks, and the peak is the better of the two. OpenBLAS's thread
    /// count is restored afterwards. `size` and `repeats` below 1 count as 1.
    /// - Precondition: OpenBLAS loads (``Gemm/requireLibrary()``).
    public static func measure(size: Int = 2048, repeats: Int = 3) -> Measurement {
        let size = max(1, size)
        var rng = SplitMix(seed: 1)
        let a = (0..<(size * size)).map { _ in rng.nextFloat() }
        let b = (0..<(size * size)).map { _ in rng.nextFloat() }
        var c = [Float](repeating: 0, count: size * size)
        precondition(dh_blas_load() == 1, String(cString: dh_blas_error()))
        let clock = ContinuousClock()
        /// The best time of `product` on the matrices over the repeats.
        func best(_ product: (UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>) -> Void) -> Duration {
            (0..<max(1, repeats)).map { _ in
                clock.measure {
                    a.withUnsafeBufferPointer { pa in
                        b.withUnsafeBufferPointer { pb in
                            c.withUnsafeMutableBufferPointer { pc in
                                guard let pa = pa.baseAddress, let pb = pb.baseAddress, let pc = pc.baseAddress else { return }
                                product(pa, pb, pc)
                            }
                        }
                    }
                }
            }.min() ?? .zero
        }
        let blocks = best { Gemm.multiply(m: size, n: size, k: size, a: $0, lda: size, b: $1, ldb: size, c: $2, ldc: size) }
        let threads = dh_blas_get_num_threads()
        dh_blas_set_num_threads(Int32(ProcessInfo.processInfo.activeProcessorCount))
        let openBLASThreads = best {
            dh_sgemm_row_major(0, 0, Int32(size), Int32(size), Int32(size), 1, $0, Int32(size), $1, Int32(size), 0, $2, Int32(size))
        }
        dh_blas_set_num_threads(threads)
        return Measurement(seconds: min(blocks, openBLASThreads).seconds, flops: 2 * Double(size) * Double(size) * Double(size))
    }
}

extension Duration {
    /// The duration in seconds as a floating-point number.
    fileprivate var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}
