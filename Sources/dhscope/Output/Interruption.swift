import Foundation
import Synchronization

/// Set by Ctrl-C while a long command runs (`Interruption.catching`).
private let interrupted = Atomic<Bool>(false)

/// Ctrl-C as a request to stop after the current image: while `body` runs, SIGINT sets a flag
/// that `isCancelled` reads, and the previous handler is restored afterwards.
enum Interruption {
    static func catching<T>(_ body: (_ isCancelled: @escaping @Sendable () -> Bool) throws -> T) rethrows -> T {
        interrupted.store(false, ordering: .relaxed)
        let previous = signal(SIGINT) { _ in interrupted.store(true, ordering: .relaxed) }
        defer { signal(SIGINT, previous) }
        return try body { interrupted.load(ordering: .relaxed) }
    }
}
