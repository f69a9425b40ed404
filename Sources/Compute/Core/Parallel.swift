import Dispatch
import Foundation

/// Data-parallel loops over the machine's cores (DispatchQueue.concurrentPerform).
///
/// `Gemm.multiply` may be called from a body: OpenBLAS runs single-threaded and the GEMM's
/// own blocks then run inline.
public enum Parallel {
    /// The number of cores the loops spread over.
    public static let coreCount: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// Runs `body(i)` for every `i` in `0..<count`, concurrently. Iterations must write
    /// disjoint memory. Runs inline when `count <= 1`, and inside another `Parallel.for`'s
    /// body (the outer loop already keeps the cores busy; nesting only adds hand-offs).
    public static func `for`(_ count: Int, _ body: (Int) -> Void) {
        if count <= 0 { return }
        if count == 1 || coreCount == 1 || isInsideLoop {
            for i in 0..<count { body(i) }
            return
        }
        // concurrentPerform wants a @Sendable closure; the bodies here capture raw pointers
        // into disjoint regions, which is safe but not expressible to the checker.
        withoutActuallyEscaping(body) { escapable in
            nonisolated(unsafe) let work = escapable
            DispatchQueue.concurrentPerform(iterations: count) { i in
                let outer = isInsideLoop
                isInsideLoop = true
                work(i)
                isInsideLoop = outer
            }
        }
    }

    /// Whether the calling thread is running a `Parallel.for` body.
    private static var isInsideLoop: Bool {
        get { pthread_getspecific(insideKey) != nil }
        set { pthread_setspecific(insideKey, newValue ? UnsafeRawPointer(bitPattern: 1) : nil) }
    }

    private static let insideKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// Splits `0..<count` into at most a few contiguous ranges per core (each at least
    /// `minimumChunk` long) and runs `body` on them concurrently. Use for cheap
    /// per-element work where one dispatch per element would cost more than the work.
    public static func forRanges(_ count: Int, minimumChunk: Int = 1, _ body: (Range<Int>) -> Void) {
        if count <= 0 { return }
        let maxChunks = max(1, count / max(1, minimumChunk))
        let chunks = min(coreCount * 4, maxChunks)
        if chunks <= 1 {
            body(0..<count)
            return
        }
        self.for(chunks) { k in
            let start = k * count / chunks
            let end = (k + 1) * count / chunks
            if start < end { body(start..<end) }
        }
    }
}
