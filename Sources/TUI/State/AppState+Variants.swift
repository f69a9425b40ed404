extension AppState {
    /// Shows the next (or previous) variant; the compared variant moves on when it would
    /// be the same.
    mutating func stepVariant(forward: Bool) {
        variant = variants.cycling(from: variant, forward: forward)
        if compareVariant == variant { compareVariant = variants.cycling(from: variant, forward: true) }
        if compareVariant == variant { compareVariant = nil }
        refresh()
    }

    /// Starts comparing with the variant after the current one, or stops comparing.
    mutating func toggleCompare() {
        if isSplit {
            message = "the split view compares models; M for one model, then c compares its variants"
            return
        }
        if compareVariant != nil {
            compareVariant = nil
        } else if variants.count > 1 {
            compareVariant = variants.cycling(from: variant, forward: true)
        } else {
            message = "compare needs a model with two or more variants"
        }
        refresh()
    }

    /// Compares with the next variant, skipping the current one.
    mutating func stepCompareVariant() {
        guard let current = compareVariant else {
            message = "press c to compare first"
            return
        }
        var next = variants.cycling(from: current, forward: true)
        if next == variant { next = variants.cycling(from: next, forward: true) }
        compareVariant = next == variant ? nil : next
        refresh()
    }
}
