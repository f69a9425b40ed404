import Compute
import Testing

/// Scratch buffers come back for reuse, and a pool never keeps more than its limit idle.
@Suite struct ScratchPoolTests {
    @Test func theSmallestIdleBufferThatFitsIsReused() {
        let pool = ScratchPool(retainedLimit: 1 << 20)
        let small = pool.take(count: 1000), large = pool.take(count: 100_000)
        large.pointer.initialize(repeating: 1, count: 100_000)
        pool.recycle(large.pointer, capacity: large.capacity)
        pool.recycle(small.pointer, capacity: small.capacity)
        #expect(pool.retainedBytes == 101_000 * 4)
        #expect(pool.take(count: 500).pointer == small.pointer)
        #expect(pool.take(count: 500).pointer == large.pointer)
        // Nothing idle fits now: a new buffer.
        let fresh = pool.take(count: 10)
        #expect(fresh.pointer != small.pointer && fresh.pointer != large.pointer)
        #expect(pool.retainedBytes == 0)
    }

    @Test func theIdleBytesStayWithinTheLimit() {
        let limit = 1 << 20
        let pool = ScratchPool(retainedLimit: limit)
        // A buffer over the limit is freed at once.
        let huge = pool.take(count: limit / 4 + 1)
        pool.recycle(huge.pointer, capacity: huge.capacity)
        #expect(pool.retainedBytes == 0)
        // Of five buffers of a third of the limit, the first three are kept.
        let third = limit / 4 / 3
        let taken = (0..<5).map { _ in pool.take(count: third) }
        for buffer in taken { pool.recycle(buffer.pointer, capacity: buffer.capacity) }
        #expect(pool.retainedBytes == 3 * third * 4)
        // A larger one pushes out the smaller ones it needs room for.
        let half = pool.take(count: limit / 4 / 2)
        pool.recycle(half.pointer, capacity: half.capacity)
        #expect(pool.retainedBytes == (limit / 4 / 2 + third) * 4)
    }
}
