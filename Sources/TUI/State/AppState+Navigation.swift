extension AppState {
    /// Moves to the next (or previous) image in the image order, wrapping around; nil when
    /// there is no other image.
    mutating func stepImage(forward: Bool) -> Effect? {
        guard let next = neighbour(of: imageIndex, forward: forward), next != imageIndex else { return nil }
        imageIndex = next
        resetImage()
        return .loadImage
    }

    /// Moves the list cursor for `.nextRow`, `.previousRow`, `.firstRow` and `.lastRow`.
    mutating func moveCursor(_ action: Action) {
        selectedMiss = nil
        let last = max(0, rows.count - 1)
        switch action {
        case .nextRow: cursor = min(cursor + 1, last)
        case .previousRow: cursor = max(cursor - 1, 0)
        case .firstRow: cursor = 0
        case .lastRow: cursor = last
        default: break
        }
    }
}
