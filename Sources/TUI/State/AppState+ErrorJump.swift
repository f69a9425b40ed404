extension AppState {
    /// `]` and `[`: the next (previous) error in the list, or else the first (last) error of
    /// the next (previous) image that has one, in image order, wrapping around once.
    mutating func jumpToError(forward: Bool) -> Effect? {
        guard groundTruth != nil else {
            message = "error mode needs ground truth: start with --gt annotations.json"
            return nil
        }
        if !errorMode || listMode != .detections || compareVariant != nil {
            errorMode = true
            listMode = .detections
            compareVariant = nil
            refresh()
            if imageErrors != nil && !rows.isEmpty {
                cursor = forward ? 0 : rows.count - 1
                return nil
            }
        } else if imageErrors != nil && !rows.isEmpty && (forward ? cursor < rows.count - 1 : cursor > 0) {
            cursor += forward ? 1 : -1
            return nil
        }
        errorJump = (forward, errorJump?.start ?? imageIndex)
        return stepImage(forward: forward)
    }

    /// After an analysis arrives during a jump: selects the image's first (last) error, or
    /// moves on to the next image (the effect), or gives up after a full round.
    public mutating func continueErrorJump() -> Effect? {
        guard let jump = errorJump, analysis != nil else { return nil }
        // An image the ground truth does not list has no errors to show.
        if imageErrors != nil && !rows.isEmpty {
            cursor = jump.forward ? 0 : rows.count - 1
            errorJump = nil
            return nil
        }
        let count = imagePaths.count
        let next = (imageIndex + (jump.forward ? 1 : count - 1)) % max(1, count)
        if next == jump.start || count < 2 {
            errorJump = nil
            message = "no other image has errors shown at this threshold"
            return nil
        }
        return stepImage(forward: jump.forward)
    }
}
