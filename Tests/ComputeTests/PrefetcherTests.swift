import Compute
import Foundation
import Testing

/// The bounded producer/consumer a folder's images go through: order, bound, cancellation.
struct PrefetcherTests {
    /// A value shared by the test and the prefetcher's queue.
    final class Shared<Value>: @unchecked Sendable {
        private let lock = NSLock()
        private var value: Value
        init(_ value: Value) { self.value = value }
        func update<R>(_ body: (inout Value) -> R) -> R { lock.withLock { body(&value) } }
        var current: Value { lock.withLock { value } }
    }

    /// Elements come out in index order whatever the lookahead, each made once, in order.
    @Test(arguments: [0, 1, 3])
    func elementsComeOutInOrder(lookahead: Int) {
        let made = Shared<[Int]>([])
        let prefetcher = Prefetcher(count: 25, lookahead: lookahead) { index in
            made.update { $0.append(index) }
            return index * index
        }
        var received: [Int] = []
        while let element = prefetcher.next() { received.append(element) }
        #expect(received == (0..<25).map { $0 * $0 })
        #expect(made.current == Array(0..<25))
        #expect(prefetcher.next() == nil)
    }

    /// No element is made more than `lookahead` beyond the ones the caller has received,
    /// however slowly the caller works.
    @Test(arguments: [1, 2])
    func makesAtMostLookaheadAhead(lookahead: Int) {
        let received = Shared(0)
        let furthest = Shared(Int.min)
        let prefetcher = Prefetcher(count: 40, lookahead: lookahead) { index in
            let ahead = index - received.current
            furthest.update { $0 = max($0, ahead) }
            return index
        }
        var sum = 0.0
        while let index = prefetcher.next() {
            // Work on the element, as the network does, so the queue could run ahead if unbounded.
            for i in 0..<200_000 { sum += Double(i % (index + 2)) }
            received.update { $0 = index + 1 }
        }
        #expect(sum > 0)
        #expect(furthest.current <= lookahead)
        #expect(furthest.current >= 0)
    }

    /// After cancel nothing more comes out and the queue stops within its bound.
    @Test func cancelStopsTheQueue() {
        let made = Shared(0)
        let prefetcher = Prefetcher(count: 1000, lookahead: 2) { index in
            made.update { $0 += 1 }
            return index
        }
        #expect(prefetcher.next() == 0)
        prefetcher.cancel()
        #expect(prefetcher.next() == nil)
        // Received 1, so at most 1 + 2 were ever allowed to be made.
        #expect(made.current <= 3)
    }

    /// Nothing runs for an empty sequence.
    @Test func emptySequence() {
        let prefetcher = Prefetcher(count: 0, lookahead: 1) { (index: Int) -> Int in
            Issue.record("made element \(index) of none")
            return index
        }
        #expect(prefetcher.next() == nil)
    }
}
