import Foundation

/// Float scratch buffers kept between layers (im2col columns, Winograd tiles), so a layer
/// reuses pages an earlier one touched instead of mapping fresh ones: a multi-megabyte
/// `malloc` is an `mmap` whose every page the kernel zeroes on first touch, which cost more
/// than the im2col copy itself on the demo model.
///
/// At most ``retainedLimit`` bytes are kept while idle, so the detector's peak memory grows
/// by no more than that.
public final class ScratchPool: @unchecked Sendable {
    /// The pool the convolutions share: 12 MiB holds the demo model's largest scratch (its
    /// stem's 9.6 MB im2col) and keeps the full-size model's peak memory below the build
    /// before the pool's (a 24 MiB pool raised it by 27 MB).
    public static let shared = ScratchPool(retainedLimit: 12 << 20)

    /// Bytes of idle buffers kept for reuse; larger or further buffers are freed at once.
    public let retainedLimit: Int

    // `free` is guarded by `lock`.
    private let lock = NSLock()
    private var free: [(pointer: UnsafeMutablePointer<Float>, capacity: Int)] = []

    public init(retainedLimit: Int) {
        self.retainedLimit = retainedLimit
    }

    deinit {
        for buffer in free { buffer.pointer.deallocate() }
    }

    /// A buffer of at least `count` Floats (uninitialised): the smallest idle one that fits,
    /// or a new one. Hand it back with ``recycle(_:capacity:)``.
    public func take(count: Int) -> (pointer: UnsafeMutablePointer<Float>, capacity: Int) {
        let count = max(1, count)
        lock.lock()
        var best: Int?
        for (i, buffer) in free.enumerated() where buffer.capacity >= count {
            if best.map({ buffer.capacity < free[$0].capacity }) ?? true { best = i }
        }
        let found = best.map { free.remove(at: $0) }
        lock.unlock()
        return found ?? (.allocate(capacity: count), count)
    }

    /// Returns a buffer from ``take(count:)``: kept if the idle buffers stay within
    /// ``retainedLimit`` (the smallest idle ones make room for a larger one), else freed.
    public func recycle(_ pointer: UnsafeMutablePointer<Float>, capacity: Int) {
        guard capacity * MemoryLayout<Float>.stride <= retainedLimit else { return pointer.deallocate() }
        var evicted: [UnsafeMutablePointer<Float>] = []
        lock.lock()
        free.append((pointer, capacity))
        free.sort { $0.capacity > $1.capacity }
        var kept = 0
        free = free.filter { buffer in
            let size = buffer.capacity * MemoryLayout<Float>.stride
            guard kept + size <= retainedLimit else {
                evicted.append(buffer.pointer)
                return false
            }
            kept += size
            return true
        }
        lock.unlock()
        for p in evicted { p.deallocate() }
    }

    /// Bytes of idle buffers held now.
    public var retainedBytes: Int {
        lock.lock()
        defer { lock.unlock() }
        return free.reduce(0) { $0 + $1.capacity * MemoryLayout<Float>.stride }
    }
}
