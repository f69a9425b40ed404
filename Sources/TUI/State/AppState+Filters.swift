extension AppState {
    /// The display thresholds +/- step through.
    public static let thresholds: [Float] = [0, 0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95]

    /// Switches the list between detections and RoIs.
    mutating func toggleListMode() {
        listMode = listMode == .detections ? .rois : .detections
        refresh()
    }

    /// Moves the display threshold to the next level up (or down), stopping at the ends.
    mutating func stepDisplayThreshold(up: Bool) {
        let levels = Self.thresholds
        let now = displayThreshold
        if up {
            displayThreshold = levels.first { $0 > now + 1e-6 } ?? levels[levels.count - 1]
        } else {
            displayThreshold = levels.last { $0 < now - 1e-6 } ?? levels[0]
        }
        refresh()
    }

    /// Sorts the list by the next key this image offers (IoU needs ground truth shown,
    /// objectness an RPN).
    mutating func cycleSort() {
        var keys = SortKey.allCases
        if groundTruth == nil || !showGroundTruth { keys.removeAll { $0 == .iou } }
        if analysis?.objectness == nil { keys.removeAll { $0 == .objectness } }
        let next = keys.cycling(from: sort, forward: true)
        if listMode == .detections { detectionSort = next } else { roiSort = next }
        refresh()
    }

    /// Lists only the next class, then all classes again after the last one.
    mutating func cycleClassFilter() {
        guard !classNames.isEmpty else { return }
        if let current = classFilter {
            classFilter = current + 1 < classNames.count ? current + 1 : nil
        } else {
            classFilter = 0
        }
        refresh()
    }
}
