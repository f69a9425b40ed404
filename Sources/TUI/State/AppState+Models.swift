extension AppState {
    /// `m`: asks the browser for the next model, or says why there is none.
    mutating func nextModel() -> Effect? {
        guard modelCount > 1 else {
            message = "one model: browse --model A --model B to switch between models"
            return nil
        }
        return .switchModel
    }

    /// Numbers this state as model `index` of `count` browsed together.
    public mutating func setModel(index: Int, of count: Int) {
        modelIndex = index
        modelCount = count
    }

    /// Takes over what `other` (another model's state on the same images) shows: the image,
    /// zoom, list, threshold, ground truth, error mode, order and dataset pane. This model's
    /// variant and compared variant stay its own; the class filter is cleared (classes differ
    /// between models). The image's analysis is this model's, asked for anew.
    public mutating func adoptView(of other: AppState) {
        guard other.imagePaths == imagePaths else { return }
        imageIndex = other.imageIndex
        zoom = other.zoom
        centerX = other.centerX
        centerY = other.centerY
        listMode = other.listMode
        detectionSort = other.detectionSort
        roiSort = other.roiSort
        displayThreshold = other.displayThreshold
        showGroundTruth = other.showGroundTruth
        showRegressionRoI = other.showRegressionRoI
        errorMode = other.errorMode
        splitModels = other.splitModels
        // The detection linked to the other model's selection is selected here once known.
        if other.isSplit, other.partner?.index == modelIndex { pendingDetection = other.linkedDetection }
        partner = nil
        if splitModels { compareVariant = nil }
        jumpKind = other.jumpKind
        imageOrder = other.imageOrder
        // The pane's classes are the ground truth's, the same for every model; a cell's
        // members are not.
        datasetPane = other.datasetPane
        datasetPane?.memberCursor = nil
        terminalSize = other.terminalSize
        terminalNote = other.terminalNote
        classFilter = nil
        errorJump = nil
        pendingItem = nil
        selectedMiss = nil
        cursor = 0
        picture = other.picture
        detectorStatus = .waiting
        analysis = nil
        message = "model \(modelIndex + 1)/\(modelCount): \(modelName)"
        refresh()
    }
}
