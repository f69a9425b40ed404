/// Which key does what. The same table feeds the help overlay, so help always matches.
public enum KeyMap {
    /// One line of help: the keys as shown and what they do.
    public struct Binding: Sendable {
        public let keys: String
        public let action: Action
        public let summary: String
    }

    /// Every binding, in the order help lists them.
    public static let bindings: [Binding] = [
        Binding(keys: "n  PgDn", action: .nextImage, summary: "next image"),
        Binding(keys: "p  PgUp", action: .previousImage, summary: "previous image"),
        Binding(keys: "j  ↓", action: .nextRow, summary: "next detection / RoI"),
        Binding(keys: "k  ↑", action: .previousRow, summary: "previous detection / RoI"),
        Binding(keys: "g  Home", action: .firstRow, summary: "first in the list"),
        Binding(keys: "G  End", action: .lastRow, summary: "last in the list"),
        Binding(keys: "Tab", action: .toggleListMode, summary: "list detections or all RoIs (D: next section)"),
        Binding(keys: "v / V", action: .nextVariant, summary: "next / previous head variant"),
        Binding(keys: "c", action: .toggleCompare, summary: "compare with a second variant"),
        Binding(keys: "b", action: .nextCompareVariant, summary: "cycle the second variant"),
        Binding(keys: "m", action: .nextModel, summary: "next model (browse --model A --model B)"),
        Binding(keys: "M", action: .toggleSplit, summary: "two models side by side, or one"),
        Binding(keys: "t", action: .toggleGroundTruth, summary: "show ground truth (--gt)"),
        Binding(keys: "x", action: .toggleErrors, summary: "error mode: boxes by TIDE label (--gt)"),
        Binding(keys: "] / [", action: .nextError, summary: "next / previous error, on to other images"),
        Binding(keys: "T", action: .cycleJumpKind, summary: "the error ] / [ jump to: any, cls, loc, ..., miss"),
        Binding(keys: "o", action: .cycleImageOrder, summary: "image order: file, errors, AP, variants differ"),
        Binding(keys: "D  1-4", action: .toggleDatasetPane, summary: "dataset: numbers, TIDE, confusion, PR (--gt)"),
        Binding(keys: "Enter", action: .activate, summary: "dataset: a cell's members; open one"),
        Binding(keys: "i", action: .switchCurveIoU, summary: "dataset: PR curves at IoU .50:.95 or .50"),
        Binding(keys: "+ / -", action: .raiseThreshold, summary: "raise / lower the display threshold"),
        Binding(keys: "s", action: .cycleSort, summary: "sort: score, objectness, IoU, index"),
        Binding(keys: "f", action: .cycleClassFilter, summary: "filter by class (cycle)"),
        Binding(keys: "z / Z  0", action: .zoomIn, summary: "zoom in / out, reset"),
        Binding(keys: "h l  K J", action: .panLeft, summary: "pan left / right, up / down (zoomed)"),
        Binding(keys: "r", action: .toggleRegressionRoI, summary: "show the 1.3x regression RoI"),
        Binding(keys: "click", action: .click(column: 0, row: 0), summary: "select the RoI under the mouse"),
        Binding(keys: "e", action: .export, summary: "export a PNG of this view"),
        Binding(keys: "?", action: .toggleHelp, summary: "this help"),
        Binding(keys: "q  Esc", action: .quit, summary: "quit (in help or the dataset pane: close it)"),
    ]

    /// The action of a key, or nil when the key does nothing.
    public static func action(for key: Key) -> Action? {
        switch key {
        case .character(let c):
            switch c {
            case "q": return .quit
            case "n", " ": return .nextImage
            case "p": return .previousImage
            case "j": return .nextRow
            case "k": return .previousRow
            case "g": return .firstRow
            case "G": return .lastRow
            case "v": return .nextVariant
            case "V": return .previousVariant
            case "c": return .toggleCompare
            case "b": return .nextCompareVariant
            case "m": return .nextModel
            case "M": return .toggleSplit
            case "t": return .toggleGroundTruth
            case "x": return .toggleErrors
            case "]": return .nextError
            case "[": return .previousError
            case "T": return .cycleJumpKind
            case "o": return .cycleImageOrder
            case "D": return .toggleDatasetPane
            case "1": return .showSection(.numbers)
            case "2": return .showSection(.tide)
            case "3": return .showSection(.confusion)
            case "4": return .showSection(.curves)
            case "i": return .switchCurveIoU
            case "+", "=": return .raiseThreshold
            case "-", "_": return .lowerThreshold
            case "s": return .cycleSort
            case "f": return .cycleClassFilter
            case "z": return .zoomIn
            case "Z": return .zoomOut
            case "0": return .resetZoom
            case "h": return .panLeft
            case "l": return .panRight
            case "K": return .panUp
            case "J": return .panDown
            case "r": return .toggleRegressionRoI
            case "e": return .export
            case "?": return .toggleHelp
            default: return nil
            }
        case .down: return .nextRow
        case .up: return .previousRow
        case .right: return .panRight
        case .left: return .panLeft
        case .pageDown: return .nextImage
        case .pageUp: return .previousImage
        case .home: return .firstRow
        case .end: return .lastRow
        case .tab, .backTab: return .toggleListMode
        case .escape: return .quit
        case .enter: return .activate
        case .backspace: return nil
        }
    }
}
