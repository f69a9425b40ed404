extension AppState {
    /// Inside help, q, Esc and ? close the help, j and k (the arrows) scroll it when the
    /// terminal is too short for every line, and nothing else happens.
    mutating func closeHelp(on action: Action) {
        switch action {
        case .quit, .toggleHelp:
            showHelp = false
            helpScroll = 0
        case .nextRow, .panDown:
            helpScroll = min(helpScroll + 1, HelpOverlay.maximumScroll(rows: terminalSize.rows))
        case .previousRow, .panUp:
            helpScroll = max(helpScroll - 1, 0)
        default:
            break
        }
    }

    /// Shows or hides the ground-truth boxes (and the IoU column), when ground truth was given.
    mutating func toggleGroundTruth() {
        guard groundTruth != nil else {
            message = "no ground truth: start with --gt annotations.json"
            return
        }
        showGroundTruth.toggle()
        if showGroundTruth && groundTruthBoxes.isEmpty { message = "no ground truth for \(imageName)" }
        refresh()
    }

    /// Error mode: detections coloured and listed by their TIDE label against the ground truth,
    /// missed objects drawn, the counts in the status bar.
    mutating func toggleErrors() {
        guard groundTruth != nil else {
            message = "error mode needs ground truth: start with --gt annotations.json"
            return
        }
        errorMode.toggle()
        if errorMode && groundTruthImage == nil { message = "no ground truth for \(imageName)" }
        refresh()
    }
}
