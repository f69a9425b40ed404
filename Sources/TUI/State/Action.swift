/// Everything a user can ask the browser to do; keys and clicks map onto these.
public enum Action: Hashable, Sendable {
    case quit
    case nextImage, previousImage
    case nextRow, previousRow, firstRow, lastRow
    case toggleListMode
    case nextVariant, previousVariant
    case toggleCompare, nextCompareVariant
    case toggleGroundTruth
    case toggleErrors
    case nextError, previousError
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
