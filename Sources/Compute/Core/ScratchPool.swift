import Foundation

/// Float scratch buffers kept between layers (im2col columns, Winograd tiles), so a layer
/// reuses pages an earlier one touched instead of mapping fresh ones: a multi-megabyte
/// `malloc` is an `mmap` whose every page the kernel zeroes on first touch, which cost more
/// than the im2col copy itself on the demo model.
///
/// At most ``retainedLimit`` bytes are kept while idle, so the detector's peak memory grows
/// by no more than that.
public enum ScratchPool {
    /// Bytes of idle buffers kept for reuse; larger or further buffers are freed at once.
    public static let retainedLimit = 24 << 20

    private final class Shelf: @unchecked Sendable {
        // `free` is guarded by `lock`.
        let lock = NSLock()
        var free: [(pointer: UnsafeMutablePointer<Float>, capacity: Int)] = []
    }

    private static let shelf = Shelf()

    /// A buffer of at least `count` Floats (uninitialised): the smallest idle one that fits,
    /// or a new one. Hand it back with ``recycle(_:capacity:)``.
    public static func take(count: Int) -> (pointer: UnsafeMutablePointer<Float>, capacity: Int) {
        let count = max(1, count)
        shelf.lock.lock()
        var best: Int?
        for (i, buffer) in shelf.free.enumerated() where buffer.capacity >= count {
            if best.map({ buffer.capacity < shelf.free[$0].capacity }) ?? true { best = i }
        }
        let found = best.map { shelf.free.remove(at: $0) }
        shelf.lock.unlock()
        return found ?? (.allocate(capacity: count), count)
    }

    /// Returns a buffer from ``take(count:)``: kept if the idle buffers stay within
    /// ``retainedLimit`` (the smallest idle ones make room for a larger one), else freed.
    public static func recycle(_ pointer: UnsafeMutablePointer<Float>, capacity: Int) {
        let bytes = capacity * MemoryLayout<Float>.stride
        guard bytes <= retainedLimit else { return pointer.deallocate() }
        var evicted: [UnsafeMutablePointer<Float>] = []
        shelf.lock.lock()
        shelf.free.append((pointer, capacity))
        shelf.free.sort { $0.capacity > $1.capacity }
        var kept = 0
        shelf.free = shelf.free.filter { buffer in
            let size = buffer.capacity * MemoryLayout<Float>.stride
            guard kept + size <= retainedLimit else {
                evicted.append(buffer.pointer)
                return false
            }
            kept += size
            return true
        }
        shelf.lock.unlock()
        for p in evicted { p.deallocate() }
    }

    /// Bytes of idle buffers held now (for tests).
    public static var retainedBytes: Int {
        shelf.lock.lock()
        defer { shelf.lock.unlock() }
        return shelf.free.reduce(0) { $0 + $1.capacity * MemoryLayout<Float>.stride }
    }
}
