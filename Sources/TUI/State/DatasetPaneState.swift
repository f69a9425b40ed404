/// What the dataset pane (`D`) shows: its section and each section's cursor. Cursors are
/// kept in range by the pane's actions (``AppState`` knows the review's sizes).
public struct DatasetPaneState: Equatable, Sendable {
    /// The pane's sections, in the order Tab visits them (the number keys pick one).
    public enum Section: Int, CaseIterable, Sendable {
        case numbers = 1, tide, confusion, curves

        /// The section's name in the pane's title line.
        public var title: String {
            switch self {
            case .numbers: "numbers"
            case .tide: "TIDE"
            case .confusion: "confusion"
            case .curves: "PR curves"
            }
        }
    }

    public var section: Section = .numbers
    /// The class under the cursor (an index into the ground truth's classes), shared by the
    /// sections: its AP line, its TIDE errors and its precision-recall curves.
    public var classCursor = 0
    /// Confusion matrix: the cell under the cursor (row the ground-truth class, column the
    /// predicted class; background last in both).
    public var cellRow = 0
    public var cellColumn = 0
    /// Confusion matrix: the member under the cursor while the cell's members are listed; nil
    /// while the matrix is shown.
    public var memberCursor: Int?
    /// PR curves: precision at IoU 0.50 instead of averaged over 0.50:0.95.
    public var curvesAtFifty = false

    public init(section: Section = .numbers) {
        self.section = section
    }
}
