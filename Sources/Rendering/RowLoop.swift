import Dispatch

/// Runs per-row work of a cell grid on every core, or on the calling thread when the work
/// is too small to repay waking the thread pool.
enum RowLoop {
    /// Grids with fewer cells than this are fitted on the calling thread (for a few hundred
    /// cells the threads cost more than they save).
    static let minimumParallelCells = 1024
    /// Images with fewer pixels than this are sampled on the calling thread (unless the
    /// grid is large).
    static let minimumParallelPixels = 1 << 18

    static func run(rows: Int, parallel: Bool, _ body: @Sendable (Int) -> Void) {
        if rows < 2 || !parallel {
            for r in 0..<rows { body(r) }
        } else {
            DispatchQueue.concurrentPerform(iterations: rows, execute: body)
        }
    }
}
