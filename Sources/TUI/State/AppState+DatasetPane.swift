extension AppState {
    /// How the dataset pane takes an action while it is open.
    enum DatasetPaneHandling {
        /// The pane took it; the effect, if any.
        case handled(Effect?)
        /// The action works as it does outside the pane.
        case passed
    }

    /// `D` (and 1-4): opens the dataset pane (at a section), or closes it.
    mutating func toggleDatasetPane(at section: DatasetPaneState.Section? = nil) {
        if datasetPane != nil && section == nil {
            datasetPane = nil
            return
        }
        var pane = datasetPane ?? DatasetPaneState()
        if let section { pane.section = section }
        datasetPane = pane
        if groundTruth == nil { message = "the dataset pane needs ground truth: start with --gt annotations.json" }
    }

    /// An action while the dataset pane is open.
    mutating func performInDatasetPane(_ action: Action) -> DatasetPaneHandling {
        guard var pane = datasetPane else { return .passed }
        switch action {
        case .quit:
            // Back from a cell's members to the matrix, else out of the pane.
            if pane.section == .confusion && pane.memberCursor != nil {
                pane.memberCursor = nil
                datasetPane = pane
            } else {
                datasetPane = nil
            }
        case .toggleDatasetPane:
            datasetPane = nil
        case .toggleListMode:
            let all = DatasetPaneState.Section.allCases
            pane.section = all[((all.firstIndex(of: pane.section) ?? 0) + 1) % all.count]
            datasetPane = pane
        case .showSection(let section):
            pane.section = section
            datasetPane = pane
        case .nextRow, .previousRow, .firstRow, .lastRow, .panUp, .panDown:
            datasetPane = movedVertically(pane, action)
        case .panLeft, .panRight:
            datasetPane = movedAcross(pane, forward: action == .panRight)
        case .switchCurveIoU:
            pane.curvesAtFifty.toggle()
            datasetPane = pane
        case .activate:
            return .handled(activateInDatasetPane())
        case .nextImage, .previousImage, .nextError, .previousError:
            // Back to the image, then as outside the pane.
            datasetPane = nil
            return .passed
        case .nextVariant, .previousVariant, .toggleCompare, .nextCompareVariant, .cycleImageOrder, .cycleJumpKind,
             .toggleHelp, .export, .nextModel:
            return .passed
        case .click:
            break
        default:
            message = "D or Esc closes the dataset pane"
        }
        return .handled(nil)
    }

    /// Enter: on a confusion cell lists its members; on a member opens its image and selects it.
    mutating func activateInDatasetPane() -> Effect? {
        guard var pane = datasetPane, pane.section == .confusion else {
            message = "Enter lists the members of a confusion-matrix cell (3)"
            return nil
        }
        guard variantReview != nil else {
            message = "the dataset review is not ready yet"
            return nil
        }
        let members = confusionMembers(pane)
        if let member = pane.memberCursor {
            guard members.indices.contains(member) else { return nil }
            return open(members[member], errorMode: false)
        }
        guard !members.isEmpty else {
            message = "this cell is empty"
            return nil
        }
        pane.memberCursor = 0
        datasetPane = pane
        return nil
    }

    /// The cursor of the section shown, one line (or to the first or last) up or down.
    private func movedVertically(_ pane: DatasetPaneState, _ action: Action) -> DatasetPaneState {
        var pane = pane
        func step(_ value: Int, count: Int) -> Int {
            let last = max(0, count - 1)
            switch action {
            case .nextRow, .panDown: return min(value + 1, last)
            case .previousRow, .panUp: return max(value - 1, 0)
            case .firstRow: return 0
            case .lastRow: return last
            default: return value
            }
        }
        let classes = datasetClassCount
        switch pane.section {
        case .numbers, .tide, .curves: pane.classCursor = step(pane.classCursor, count: classes)
        case .confusion:
            if let member = pane.memberCursor {
                pane.memberCursor = step(member, count: confusionMembers(pane).count)
            } else {
                pane.cellRow = step(pane.cellRow, count: confusionSize)
            }
        }
        return pane
    }

    /// The confusion matrix's cell cursor one column left or right.
    private func movedAcross(_ pane: DatasetPaneState, forward: Bool) -> DatasetPaneState {
        var pane = pane
        guard pane.section == .confusion, pane.memberCursor == nil else { return pane }
        pane.cellColumn = forward ? min(pane.cellColumn + 1, max(0, confusionSize - 1)) : max(pane.cellColumn - 1, 0)
        return pane
    }
}
