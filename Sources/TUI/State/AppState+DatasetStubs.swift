import Rendering
// Temporary: replaced once the review's API is merged.
extension AppState {
    var datasetClassCount: Int { 0 }
    var confusionSize: Int { 0 }
    func confusionMembers(_ pane: DatasetPaneState) -> [Int] { [] }
    mutating func activateInDatasetPane() -> Effect? { nil }
    mutating func jumpThroughDataset(forward: Bool) -> Effect? { nil }
    mutating func cycleImageOrder() {}
}
extension AppState {
    var hasDatasetReview: Bool { false }
    var datasetReviewExtent: String? { nil }
}
extension DatasetPane {
    static func drawSection(_ state: AppState, pane: DatasetPaneState, chrome: Chrome, into grid: inout CellGrid, rect: Rect) {}
}
