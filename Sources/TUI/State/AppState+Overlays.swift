extension AppState {
    /// Inside help, q, Esc and ? close the help and nothing else happens.
    mutating func closeHelp(on action: Action) {
        if action == .quit || action == .toggleHelp { showHelp = false }
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
