import ArgumentParser

/// Usage errors for numbers outside their range.
enum NumberCheck {
    /// A usage error unless `value` is in `range`.
    static func check<T: Comparable>(_ value: T, _ option: String, within range: ClosedRange<T>) throws {
        guard range.contains(value) else {
            throw ValidationError("\(option) \(value) is out of range: give \(range.lowerBound) to \(range.upperBound)")
        }
    }

    /// A usage error unless `value` is at least `minimum`.
    static func check<T: Comparable>(_ value: T, _ option: String, atLeast minimum: T) throws {
        guard value >= minimum else {
            throw ValidationError("\(option) \(value) is out of range: give \(minimum) or more")
        }
    }
}
