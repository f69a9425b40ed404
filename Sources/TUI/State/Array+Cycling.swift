extension Array where Element: Equatable {
    /// The element after `current` (before it when `forward` is false), wrapping around at
    /// either end; the first element when `current` is not listed, and `current` itself when
    /// the array is empty.
    func cycling(from current: Element, forward: Bool) -> Element {
        guard let index = firstIndex(of: current) else { return first ?? current }
        return self[(index + (forward ? 1 : count - 1)) % count]
    }
}
