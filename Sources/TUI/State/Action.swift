/// Everything a user can ask the browser to do; keys and clicks map onto these.
public enum Action: Hashable, Sendable {
    case quit
    case nextImage, previousImage
    case nextRow, previousRow, firstRow, lastRow
    case toggleListMode
    case nextVariant, previousVariant
    case toggleCompare, nextCompareVariant
    /// Shows the next model (browse --model A --model B), on the same image.
    case nextModel
    /// Splits the image pane between two models, or shows one.
    case toggleSplit
    case toggleGroundTruth
    case toggleErrors
    case nextError, previousError
    /// Chooses the kind of error `]` and `[` jump to.
    case cycleJumpKind
    /// Walks the images in the next order (file, most errors, lowest AP, variants differ).
    case cycleImageOrder
    /// Opens or closes the dataset pane.
    case toggleDatasetPane
    /// Opens the dataset pane at a section.
    case showSection(DatasetPaneState.Section)
    /// Enter: in the dataset pane, lists a confusion cell's members or opens one.
    case activate
    /// Draws the precision-recall curves at IoU 0.50 or averaged over 0.50:0.95.
    case switchCurveIoU
    case raiseThreshold, lowerThreshold
    case cycleSort
    case cycleClassFilter
    case zoomIn, zoomOut, resetZoom
    case panLeft, panRight, panUp, panDown
    case toggleRegressionRoI
    case export
    case toggleHelp
    /// A click at a screen cell.
    case click(column: Int, row: Int)
}
