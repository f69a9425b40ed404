import Foundation

/// Column and number formatting for the text reports, as Python's format specs do it.
extension String {
    /// Left-aligned in `width` columns (Python's `'{:<N}'`).
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }

    /// Right-aligned in `width` columns (Python's `'{:>N}'`).
    func leftPadding(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }

    /// `value` with three decimals, like C's `%.3f`.
    init(format3 value: Double) {
        self = Self.fixed(value, decimals: 3)
    }

    /// `value` with `decimals` decimals, like C's `%.Nf`.
    static func fixed(_ value: Double, decimals: Int) -> String {
        String(format: "%.\(decimals)f", value)
    }
}
