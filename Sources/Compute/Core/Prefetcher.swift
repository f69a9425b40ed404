import Dispatch
import Foundation

/// Makes the elements `0..<count` of a sequence on a background queue, at most `lookahead`
/// ahead of the one the caller is using, and hands them out in order: a bounded
/// producer/consumer, so a folder's next image is decoded and prepared while the network runs
/// on the current one.
///
/// With `lookahead` 0 nothing runs in the background: ``next()`` makes each element on the
/// calling thread, which is the sequential run the pipelined one is compared with. Dropping
/// the prefetcher stops the background queue after the element it is making.
public final class Prefetcher<Element: Sendable>: Sendable {
    private let state: State

    /// Starts making elements; `make(i)` runs on one background queue, in index order.
    /// - Parameters:
    ///   - count: how many elements there are.
    ///   - lookahead: how many elements may be made beyond the one in use (0: none, made on
    ///     demand by `next()`).
    ///   - make: element `i`; errors belong in the element (a `Result`), so one bad item
    ///     does not stop the others.
    public init(count: Int, lookahead: Int, make: @escaping @Sendable (Int) -> Element) {
        state = State(count: max(0, count), lookahead: max(0, lookahead), make: make)
        guard state.lookahead > 0, state.count > 0 else { return }
        let state = state
        DispatchQueue(label: "dhscope.prefetcher", qos: .userInitiated).async { state.produce() }
    }

    deinit { state.cancel() }

    /// The next element in index order, waiting for it if it is not made yet; nil after the
    /// last one or once cancelled.
    public func next() -> Element? { state.next() }

    /// Stops making elements (the one being made is finished and dropped); `next()` returns nil.
    public func cancel() { state.cancel() }

    /// What the caller and the background queue share.
    private final class State: @unchecked Sendable {
        // Everything mutable is guarded by `condition`.
        private let condition = NSCondition()
        private var ready: [Int: Element] = [:]
        /// Elements handed out by `next()`.
        private var taken = 0
        private var cancelled = false
        let count: Int
        let lookahead: Int
        private let make: @Sendable (Int) -> Element

        init(count: Int, lookahead: Int, make: @escaping @Sendable (Int) -> Element) {
            self.count = count
            self.lookahead = lookahead
            self.make = make
        }

        func next() -> Element? {
            condition.lock()
            guard !cancelled, taken < count else {
                condition.unlock()
                return nil
            }
            let index = taken
            taken += 1
            condition.broadcast()
            if lookahead == 0 {
                condition.unlock()
                return make(index)
            }
            while ready[index] == nil && !cancelled { condition.wait() }
            let element = ready.removeValue(forKey: index)
            condition.unlock()
            return element
        }

        func cancel() {
            condition.lock()
            cancelled = true
            ready.removeAll()
            condition.broadcast()
            condition.unlock()
        }

        /// Element i is made once the caller has taken element i - lookahead.
        func produce() {
            for index in 0..<count {
                condition.lock()
                while !cancelled && index >= taken + lookahead { condition.wait() }
                let stop = cancelled
                condition.unlock()
                if stop { return }
                let element = make(index)
                condition.lock()
                if !cancelled { ready[index] = element }
                condition.broadcast()
                condition.unlock()
            }
        }
    }
}
