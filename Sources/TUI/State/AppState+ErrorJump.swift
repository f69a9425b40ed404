import Evaluation

extension AppState {
    /// The kinds `T` cycles through: any error (nil), then TIDE's error types and misses.
    public static let jumpKinds: [DetectionLabel.Kind?] = [nil, .cls, .loc, .both, .dupe, .bkg, .miss]

    /// The name of a jump kind in the status bar and messages.
    public static func jumpKindName(_ kind: DetectionLabel.Kind?) -> String { kind?.rawValue ?? "any error" }

    /// `]` and `[`: the next (previous) error of the jump kind in the list, or else the first
    /// (last) of the next (previous) image that has one, in image order, wrapping around once.
    /// (With the dataset review ready, ``jumpThroughDataset(forward:)`` goes there directly.)
    mutating func jumpToError(forward: Bool) -> Effect? {
        guard groundTruth != nil else {
            message = "error mode needs ground truth: start with --gt annotations.json"
            return nil
        }
        if variantReview != nil { return jumpThroughDataset(forward: forward) }
        selectedMiss = nil
        if jumpKind == .miss {
            message = "jumping to misses needs the dataset review: " + (datasetProgress?.text ?? "waiting for the first image")
            return nil
        }
        if !errorMode || listMode != .detections || compareVariant != nil {
            errorMode = true
            listMode = .detections
            compareVariant = nil
            refresh()
            let matching = jumpRows
            if let row = forward ? matching.first : matching.last {
                cursor = row
                return nil
            }
        } else if let row = forward ? jumpRows.first(where: { $0 > cursor }) : jumpRows.last(where: { $0 < cursor }) {
            cursor = row
            return nil
        }
        errorJump = (forward, errorJump?.start ?? imageIndex)
        return stepImage(forward: forward)
    }

    /// The rows of the list that are errors of the jump kind (in error mode).
    var jumpRows: [Int] {
        guard imageErrors != nil else { return [] }
        return rows.indices.filter { n in rows[n].error.map { jumpKind == nil || $0 == jumpKind } ?? false }
    }

    /// After an analysis arrives during a jump: selects the image's first (last) error, or
    /// moves on to the next image (the effect), or gives up after a full round.
    public mutating func continueErrorJump() -> Effect? {
        guard let jump = errorJump, analysis != nil else { return nil }
        // An image the ground truth does not list has no errors to show.
        if let row = jump.forward ? jumpRows.first : jumpRows.last {
            cursor = row
            errorJump = nil
            return nil
        }
        let next = neighbour(of: imageIndex, forward: jump.forward)
        if next == nil || next == jump.start || next == imageIndex {
            errorJump = nil
            message = "no other image has \(jumpKind.map { "\($0.rawValue) errors" } ?? "errors") shown at this threshold"
            return nil
        }
        return stepImage(forward: jump.forward)
    }

    /// `T`: the next kind of error `]` and `[` jump to.
    mutating func cycleJumpKind() {
        jumpKind = Self.jumpKinds.cycling(from: jumpKind, forward: true)
        message = "] and [ jump to \(Self.jumpKindName(jumpKind))"
    }
}
