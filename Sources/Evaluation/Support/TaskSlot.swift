/// Where one task of a `Parallel.for` leaves its result: each slot is written by exactly one
/// task and read only after the loop returns (which orders the write before the read).
final class TaskSlot<Value>: @unchecked Sendable {
    var value: Value?

    init() {}

    /// `count` empty slots.
    static func make(_ count: Int) -> [TaskSlot<Value>] {
        (0..<count).map { _ in TaskSlot() }
    }
}
