extension AppState {
    /// Applies a key's action; returns what the caller must do besides.
    @discardableResult
    public mutating func perform(_ action: Action) -> Effect? {
        message = nil
        // Any other key ends a jump to the next error that is still looking.
        if action != .nextError && action != .previousError { errorJump = nil }
        if showHelp {
            closeHelp(on: action)
            return nil
        }
        if datasetPane != nil, case .handled(let effect) = performInDatasetPane(action) { return effect }
        switch action {
        case .quit: return .quit
        case .export: return .export
        case .toggleHelp: showHelp = true
        case .nextImage: return stepImage(forward: true)
        case .previousImage: return stepImage(forward: false)
        case .nextRow, .previousRow, .firstRow, .lastRow: moveCursor(action)
        case .click(let column, let row): select(column: column, row: row)
        case .toggleListMode: toggleListMode()
        case .nextVariant: stepVariant(forward: true)
        case .previousVariant: stepVariant(forward: false)
        case .toggleCompare: toggleCompare()
        case .nextCompareVariant: stepCompareVariant()
        case .nextModel: return nextModel()
        case .toggleSplit: return toggleSplit()
        case .toggleGroundTruth: toggleGroundTruth()
        case .toggleErrors: toggleErrors()
        case .nextError: return jumpToError(forward: true)
        case .previousError: return jumpToError(forward: false)
        case .cycleJumpKind: cycleJumpKind()
        case .cycleImageOrder: return cycleImageOrder()
        case .toggleDatasetPane: toggleDatasetPane()
        case .showSection(let section): toggleDatasetPane(at: section)
        case .activate: break
        case .switchCurveIoU: message = "i switches the PR curves' IoU in the dataset pane (D, then 4)"
        case .toggleRegressionRoI: showRegressionRoI.toggle()
        case .raiseThreshold: stepDisplayThreshold(up: true)
        case .lowerThreshold: stepDisplayThreshold(up: false)
        case .cycleSort: cycleSort()
        case .cycleClassFilter: cycleClassFilter()
        case .zoomIn: zoomIn()
        case .zoomOut: zoomOut()
        case .resetZoom: resetZoom()
        case .panLeft, .panRight, .panUp, .panDown: pan(action)
        }
        return nil
    }
}
