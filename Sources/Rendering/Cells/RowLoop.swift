import Dispatch

/// Runs per-row work of a cell grid on every core, or on the calling thread when the work
/// is too small to repay waking the thread pool.
enum RowLoop {
    /// Grids with fewer cells than this are fitted on the calling thread: measured on two
    /// cores, a 100x40 render in 256 colours took 49 ms on one thread against 60 ms with
    /// the pool (whose idle workers spin in sched_yield, and more so on a loaded machine).
    static let minimumParallelCells = 8192
    /// Images with fewer pixels than this (about a millisecond of sampling) are sampled on
    /// the calling thread, unless the grid is large.
    static let minimumParallelPixels = 1 << 20

    static func run(rows: Int, parallel: Bool, _ body: @Sendable (Int) -> Void) {
        if rows < 2 || !parallel {
            for r in 0..<rows { body(r) }
        } else {
            DispatchQueue.concurrentPerform(iterations: rows, execute: body)
        }
    }
}
