import Compute
import Detector

/// What the browser must do outside the state after an action.
public enum Effect: Equatable, Sendable {
    /// The current image changed: decode it and ask the detector.
    case loadImage
    /// Write a PNG of the screen.
    case export
    case quit
}

extension AppState {
    /// The display thresholds +/- step through.
    public static let thresholds: [Float] = [0, 0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95]

    /// Applies a key's action; returns what the caller must do besides.
    @discardableResult
    public mutating func perform(_ action: Action) -> Effect? {
        message = nil
        if showHelp {
            // Inside help, q, Esc and ? close the help and nothing else happens.
            if action == .quit || action == .toggleHelp { showHelp = false }
            return nil
        }
        switch action {
        case .quit:
            return .quit
        case .toggleHelp:
            showHelp = true
        case .nextImage, .previousImage:
            guard !imagePaths.isEmpty else { return nil }
            let step = action == .nextImage ? 1 : imagePaths.count - 1
            let next = (imageIndex + step) % imagePaths.count
            guard next != imageIndex else { return nil }
            imageIndex = next
            resetImage()
            return .loadImage
        case .nextRow: cursor = min(cursor + 1, max(0, rows.count - 1))
        case .previousRow: cursor = max(cursor - 1, 0)
        case .firstRow: cursor = 0
        case .lastRow: cursor = max(0, rows.count - 1)
        case .toggleListMode:
            listMode = listMode == .detections ? .rois : .detections
            refresh()
        case .nextVariant, .previousVariant:
            variant = cycle(variants, from: variant, forward: action == .nextVariant)
            if compareVariant == variant { compareVariant = cycle(variants, from: variant, forward: true) }
            if compareVariant == variant { compareVariant = nil }
            refresh()
        case .toggleCompare:
            if compareVariant != nil {
                compareVariant = nil
            } else if variants.count > 1 {
                compareVariant = cycle(variants, from: variant, forward: true)
            } else {
                message = "compare needs a model with two or more variants"
            }
            refresh()
        case .nextCompareVariant:
            guard let current = compareVariant else {
                message = "press c to compare first"
                return nil
            }
            var next = cycle(variants, from: current, forward: true)
            if next == variant { next = cycle(variants, from: next, forward: true) }
            compareVariant = next == variant ? nil : next
            refresh()
        case .toggleGroundTruth:
            if groundTruth == nil {
                message = "no ground truth: start with --gt annotations.json"
            } else {
                showGroundTruth.toggle()
                if showGroundTruth && groundTruthBoxes.isEmpty { message = "no ground truth for \(imageName)" }
                refresh()
            }
        case .raiseThreshold, .lowerThreshold:
            let levels = Self.thresholds
            let now = displayThreshold
            if action == .raiseThreshold {
                displayThreshold = levels.first { $0 > now + 1e-6 } ?? levels[levels.count - 1]
            } else {
                displayThreshold = levels.last { $0 < now - 1e-6 } ?? levels[0]
            }
            refresh()
        case .cycleSort:
            var keys = SortKey.allCases
            if groundTruth == nil || !showGroundTruth { keys.removeAll { $0 == .iou } }
            if analysis?.objectness == nil { keys.removeAll { $0 == .objectness } }
            let next = cycle(keys, from: sort, forward: true)
            if listMode == .detections { detectionSort = next } else { roiSort = next }
            refresh()
        case .cycleClassFilter:
            guard !classNames.isEmpty else { return nil }
            if let current = classFilter {
                classFilter = current + 1 < classNames.count ? current + 1 : nil
            } else {
                classFilter = 0
            }
            refresh()
        case .zoomIn, .zoomOut:
            let levels = ImageViewport.zoomLevels
            zoom = action == .zoomIn ? (levels.first { $0 > zoom } ?? zoom) : (levels.last { $0 < zoom } ?? 1)
            if zoom > 1, action == .zoomIn, let roi = selectedRoI, let analysis, case .ready(let image) = picture {
                // Zoom towards the selected RoI.
                let box = analysis.proposals[roi]
                centerX = Double((box.x1 + box.x2) / 2) / Double(max(1, image.width))
                centerY = Double((box.y1 + box.y2) / 2) / Double(max(1, image.height))
            }
            clampCenter()
        case .resetZoom:
            zoom = 1
            centerX = 0.5
            centerY = 0.5
        case .panLeft, .panRight, .panUp, .panDown:
            guard zoom > 1 else {
                message = "zoom in (z) to pan"
                return nil
            }
            let step = 0.25 / zoom
            switch action {
            case .panLeft: centerX -= step
            case .panRight: centerX += step
            case .panUp: centerY -= step
            default: centerY += step
            }
            clampCenter()
        case .toggleRegressionRoI:
            showRegressionRoI.toggle()
        case .export:
            return .export
        case .click(let column, let row):
            select(column: column, row: row)
        }
        return nil
    }

    private func cycle<T: Equatable>(_ list: [T], from current: T, forward: Bool) -> T {
        guard let i = list.firstIndex(of: current), !list.isEmpty else { return list.first ?? current }
        return list[(i + (forward ? 1 : list.count - 1)) % list.count]
    }

    private mutating func clampCenter() {
        let half = 0.5 / zoom
        centerX = min(max(centerX, half), 1 - half)
        centerY = min(max(centerY, half), 1 - half)
    }

    /// A click: on a list line selects it; on the image selects the smallest listed box
    /// (detection, or proposal in RoI mode) under the pointer.
    private mutating func select(column: Int, row: Int) {
        let layout = Layout(columns: terminalSize.columns, rows: terminalSize.rows)
        guard !layout.isTooSmall else { return }
        if layout.list.contains(column: column, row: row) {
            let visible = ListPane.visibleRange(count: rows.count, cursor: cursor, height: ListPane.bodyHeight(layout.list))
            let index = visible.lowerBound + (row - layout.list.y - ListPane.headerHeight)
            if row - layout.list.y >= ListPane.headerHeight, visible.contains(index) { cursor = index }
            return
        }
        guard let point = ImagePane.imagePoint(column: column, row: row, state: self, in: layout.image),
              let analysis else { return }
        var best: (index: Int, area: Float)?
        for (n, r) in rows.enumerated() {
            let box: Box
            if listMode == .detections, let d = r.detection, detections.indices.contains(d) {
                box = detections[d].box
            } else if listMode == .detections, r.difference == .onlyInB,
                      let b = compareDetections.first(where: { $0.roi == r.roi && $0.label == r.label }) {
                box = b.box
            } else {
                box = analysis.proposals[r.roi]
            }
            guard Float(point.x) >= box.x1, Float(point.x) <= box.x2, Float(point.y) >= box.y1, Float(point.y) <= box.y2 else { continue }
            if best == nil || box.area < best?.area ?? .infinity { best = (n, box.area) }
        }
        if let best {
            cursor = best.index
        } else {
            message = "nothing listed under the pointer"
        }
    }
}
