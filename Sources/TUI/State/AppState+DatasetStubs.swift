// Temporary: replaced once the review's API is merged.
extension AppState {
    var datasetClassCount: Int { 0 }
    var confusionSize: Int { 0 }
    func confusionMembers(_ pane: DatasetPaneState) -> [Int] { [] }
    mutating func activateInDatasetPane() -> Effect? { nil }
    mutating func cycleJumpKind() {}
    mutating func cycleImageOrder() {}
}
