import Compute
import Detector
import Evaluation
import Foundation
import Inspection
import Rendering

extension DatasetPane {
    /// Draws the section shown from the review.
    static func drawSection(_ state: AppState, pane: DatasetPaneState, chrome: Chrome, into grid: inout CellGrid, rect: Rect) {
        guard let review = state.datasetReview, let current = state.variantReview else { return }
        switch pane.section {
        case .numbers:
            NumbersSection.draw(reports: review.reviews.map { ($0.variant, $0.evaluation.report) }, current: state.variant,
                                classCursor: pane.classCursor, chrome: chrome, into: &grid, rect: rect)
        case .tide:
            let names = current.evaluation.report.categories.map(\.name)
            let classes = zip(names, current.evaluation.classTIDE).map { TIDESection.ClassErrors(name: $0, report: $1) }
            TIDESection.draw(reports: review.reviews.map { ($0.variant, $0.evaluation.report) }, current: state.variant,
                             classes: classes, classCursor: pane.classCursor, chrome: chrome, into: &grid, rect: rect)
        case .confusion:
            let matrix = current.evaluation.confusion
            if let member = pane.memberCursor, matrix.categories.indices.contains(pane.cellRow),
               matrix.categories.indices.contains(pane.cellColumn) {
                let members = state.confusionMembers(pane)
                let title = "\(matrix.categories[pane.cellRow]) → \(matrix.categories[pane.cellColumn]) · \(members.count) under "
                    + "\(state.variant.rawValue) (Enter opens one, Esc back to the matrix)"
                ConfusionSection.drawMembers(members.map { memberLine($0, row: pane.cellRow, state: state) }, title: title,
                                             cursor: member, chrome: chrome, into: &grid, rect: rect)
            } else {
                let caption = "\(state.variant.rawValue) · rows ground truth, columns predicted · score ≥ 0.3, IoU ≥ 0.5"
                ConfusionSection.draw(matrix: matrix, row: pane.cellRow, column: pane.cellColumn, caption: caption,
                                      chrome: chrome, into: &grid, rect: rect)
            }
        case .curves:
            CurvesSection.draw(curves: review.reviews.map { ($0.variant, $0.evaluation.curves) }, current: state.variant,
                               classCursor: pane.classCursor, atFifty: pane.curvesAtFifty, chrome: chrome, into: &grid, rect: rect)
        }
    }

    /// A member of a confusion cell of row `row` as listed: its image, class, score and IoU
    /// (a detection's best IoU with the image's objects of the row's class, with any object in
    /// the background row).
    static func memberLine(_ item: ReviewItem, row: Int, state: AppState) -> ConfusionSection.MemberLine {
        let path = state.imagePaths.indices.contains(item.image) ? state.imagePaths[item.image] : ""
        let file = (path as NSString).lastPathComponent
        let objects = state.groundTruth?.image(forFileAt: path)?.objects ?? []
        switch item.target {
        case .object(let o):
            return .init(file: file, className: objects.indices.contains(o) ? objects[o].className : "?", score: nil, iou: nil)
        case .detection(let n):
            guard let list = state.datasetDetections?.detections(ofImage: item.image, variant: state.variant),
                  list.indices.contains(n) else { return .init(file: file, className: "?", score: nil, iou: nil) }
            let detection = list[n]
            let categories = state.variantReview?.evaluation.confusion.categories ?? []
            let isBackground = row == categories.count - 1
            let rowName = categories.indices.contains(row) ? categories[row] : ""
            let overlaps = objects.filter { isBackground || $0.className == rowName }.map { Double(iou(detection.box, $0.box)) }
            return .init(file: file, className: state.className(detection.label), score: detection.score, iou: overlaps.max())
        }
    }
}
