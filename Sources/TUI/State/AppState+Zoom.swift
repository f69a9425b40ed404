extension AppState {
    /// Zooms in one level, towards the selected RoI when there is one.
    mutating func zoomIn() {
        zoom = ImageViewport.zoomLevels.first { $0 > zoom } ?? zoom
        if zoom > 1, let roi = selectedRoI, let analysis, case .ready(let image) = picture {
            let box = analysis.proposals[roi]
            centerX = Double((box.x1 + box.x2) / 2) / Double(max(1, image.width))
            centerY = Double((box.y1 + box.y2) / 2) / Double(max(1, image.height))
        }
        clampCenter()
    }

    /// Zooms out one level, down to the whole picture.
    mutating func zoomOut() {
        zoom = ImageViewport.zoomLevels.last { $0 < zoom } ?? 1
        clampCenter()
    }

    /// Shows the whole picture.
    mutating func resetZoom() {
        zoom = 1
        centerX = 0.5
        centerY = 0.5
    }

    /// Moves the view a quarter of its width (or height) for `.panLeft`, `.panRight`,
    /// `.panUp` and `.panDown`; only when zoomed in.
    mutating func pan(_ action: Action) {
        guard zoom > 1 else {
            message = "zoom in (z) to pan"
            return
        }
        let step = 0.25 / zoom
        switch action {
        case .panLeft: centerX -= step
        case .panRight: centerX += step
        case .panUp: centerY -= step
        case .panDown: centerY += step
        default: break
        }
        clampCenter()
    }

    /// Keeps the view inside the picture.
    private mutating func clampCenter() {
        let half = 0.5 / zoom
        centerX = min(max(centerX, half), 1 - half)
        centerY = min(max(centerY, half), 1 - half)
    }
}
