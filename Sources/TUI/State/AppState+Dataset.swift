import Compute
import Detector
import Evaluation
import Inspection
import Store

extension AppState {
    /// The background analysis of the image list moved on.
    public mutating func setDatasetProgress(_ progress: DatasetProgress) {
        datasetProgress = progress
    }

    /// A new review of the dataset arrived, built from `detections`.
    public mutating func setDatasetReview(_ review: DatasetReview, detections: DatasetDetections) {
        datasetReview = review
        datasetDetections = detections
        if var pane = datasetPane {
            pane.classCursor = min(pane.classCursor, max(0, datasetClassCount - 1))
            pane.cellRow = min(pane.cellRow, max(0, confusionSize - 1))
            pane.cellColumn = min(pane.cellColumn, max(0, confusionSize - 1))
            if let member = pane.memberCursor { pane.memberCursor = min(member, max(0, confusionMembers(pane).count - 1)) }
            datasetPane = pane
        }
    }

    /// The review of the current variant, when there is one.
    public var variantReview: VariantReview? { datasetReview?[variant] }

    /// Whether the dataset pane has a review to show.
    var hasDatasetReview: Bool { variantReview != nil }

    /// "12 of 12 listed images" for the pane's title.
    var datasetReviewExtent: String? {
        guard let review = datasetReview, let reviewed = variantReview?.analysedImages.count else { return nil }
        return "\(reviewed) of \(review.listedImageCount) images"
    }

    /// The ground truth's classes in the review (those the numbers, TIDE and curves list).
    var datasetClassCount: Int { variantReview?.evaluation.report.categories.count ?? 0 }

    /// Rows (and columns) of the current variant's confusion matrix, background included.
    var confusionSize: Int { variantReview?.evaluation.confusion.categories.count ?? 0 }

    /// The members of the confusion cell under the pane's cursor.
    func confusionMembers(_ pane: DatasetPaneState) -> [ReviewItem] {
        variantReview?.confusionMembers(row: pane.cellRow, column: pane.cellColumn) ?? []
    }

    /// The variant the image order compares the current one with: the compared variant, else
    /// fc (or, when fc is shown, the last variant).
    public var orderComparison: HeadVariant? {
        if let compareVariant { return compareVariant }
        let other = variant == .fc ? variants.last : .fc
        return other == variant ? nil : other
    }

    /// The name of the image order in the status bar.
    public var imageOrderName: String {
        switch imageOrder {
        case .file: "file"
        case .mostErrors: "most errors"
        case .lowestAP: "lowest AP"
        case .variantDifference: "AP \(variant.rawValue) vs \(orderComparison?.rawValue ?? "-")"
        }
    }

    /// What `n` and `p` do in the image order, for the message when `o` picks it.
    var imageOrderDescription: String {
        switch imageOrder {
        case .file: "n / p: file order"
        case .mostErrors: "the image with most errors; n / p: the next ones"
        case .lowestAP: "the image with the lowest AP; n / p: the next ones"
        case .variantDifference:
            "where \(variant.rawValue) beats \(orderComparison?.rawValue ?? "-") most; n: less, p: where it loses most (c picks the other)"
        }
    }

    /// What the image order sorts the current image by: its errors, its AP, or its AP under
    /// both variants compared; nil in file order or when the review has no value for it.
    public var imageOrderKey: String? {
        guard let review = variantReview else { return nil }
        switch imageOrder {
        case .file:
            return nil
        case .mostErrors:
            return review.counts(ofImage: imageIndex).map { "\($0.errors) here" }
        case .lowestAP:
            return review.averagePrecision(ofImage: imageIndex).map { String(format: "%.3f here", $0) }
        case .variantDifference:
            guard let other = orderComparison, let mine = review.averagePrecision(ofImage: imageIndex),
                  let theirs = datasetReview?[other]?.averagePrecision(ofImage: imageIndex) else { return nil }
            return String(format: "%.3f vs %.3f here", mine, theirs)
        }
    }

    /// The list's image indices in the order `n` and `p` walk them.
    public var imageSequence: [Int] {
        guard imageOrder != .file, let review = datasetReview else { return Array(imagePaths.indices) }
        return review.imageOrder(imageOrder, variant: variant, comparedWith: orderComparison)
    }

    /// The image after (before) `index` in ``imageSequence``, wrapping around.
    func neighbour(of index: Int, forward: Bool) -> Int? {
        let sequence = imageSequence
        guard !sequence.isEmpty else { return nil }
        guard let position = sequence.firstIndex(of: index) else { return forward ? sequence.first : sequence.last }
        return sequence[(position + (forward ? 1 : sequence.count - 1)) % sequence.count]
    }

    /// `o`: the next image order (it needs the review), opening its first image (the one with
    /// most errors, the lowest AP, the largest AP gain); file order stays on the image shown.
    mutating func cycleImageOrder() -> Effect? {
        guard groundTruth != nil else {
            message = "image orders need ground truth: start with --gt annotations.json"
            return nil
        }
        guard datasetReview != nil else {
            message = "image orders need the dataset review: dataset " + (datasetProgress?.text ?? "waiting for the first image")
            return nil
        }
        imageOrder = ImageOrder.allCases.cycling(from: imageOrder, forward: true)
        message = imageOrderDescription
        guard imageOrder != .file, let first = imageSequence.first, first != imageIndex else { return nil }
        imageIndex = first
        resetImage()
        return .loadImage
    }

    /// What is selected, as the review names it: the missed object shown, else the listed detection.
    var selectedItem: ReviewItem.Target? {
        if let selectedMiss { return .object(selectedMiss) }
        return selectedRow?.detection.map { .detection($0) }
    }

    /// `]` and `[` with the review of the current variant (check ``variantReview`` first):
    /// straight to the next (previous) error of the jump kind in the image order, across the
    /// dataset's reviewed images, skipping detections below the display threshold as the error
    /// list does (missed objects always count).
    mutating func jumpThroughDataset(forward: Bool) -> Effect? {
        guard let review = variantReview,
              let navigator = datasetReview?.errorNavigator(variant: variant, order: imageOrder, comparedWith: orderComparison,
                                                            kind: jumpKind) else { return nil }
        var image = imageIndex
        var from = selectedItem
        var first: ReviewItem?
        // Every label at most once: the navigator comes round to the first item again.
        for _ in 0...review.evaluation.labels.count {
            guard let item = navigator.next(from: image, item: from, forward: forward), item != first else { break }
            if isShown(item) { return open(item, errorMode: true) }
            if first == nil { first = item }
            (image, from) = (item.image, item.target)
        }
        let what = jumpKind.map { $0 == .miss ? "miss" : "\($0.rawValue) error" } ?? "error"
        message = String(format: "no other %@ shown at ≥%.2f in the %d images reviewed (- lowers the threshold)",
                         what, displayThreshold, review.analysedImages.count)
        return nil
    }

    /// Whether the error list shows `item`: a missed object, or a detection at or above the
    /// display threshold.
    func isShown(_ item: ReviewItem) -> Bool {
        guard case .detection(let n) = item.target else { return true }
        guard let list = datasetDetections?.detections(ofImage: item.image, variant: variant), list.indices.contains(n) else {
            return false
        }
        return list[n].score >= displayThreshold
    }

    /// Shows `item`: its image (loading it when it is another), then selects the detection or
    /// shows the missed object. `errorMode` turns error mode on; otherwise it stays as it is.
    mutating func open(_ item: ReviewItem, errorMode showErrors: Bool) -> Effect? {
        datasetPane = nil
        errorJump = nil
        listMode = .detections
        compareVariant = nil
        if showErrors { errorMode = true }
        guard imagePaths.indices.contains(item.image) else { return nil }
        if item.image == imageIndex && analysis != nil {
            refresh()
            select(item)
            return nil
        }
        imageIndex = item.image
        resetImage()
        pendingItem = item
        return .loadImage
    }

    /// Selects `item` of the current image: the detection's line (lowering the display
    /// threshold, or leaving error mode for a true positive, when that is what hides it), or
    /// the missed object.
    mutating func select(_ item: ReviewItem) {
        pendingItem = nil
        selectedMiss = nil
        switch item.target {
        case .object(let object):
            guard groundTruthBoxes.indices.contains(object) else {
                message = "the ground truth of \(imageName) has no object \(object + 1)"
                return
            }
            selectedMiss = object
            message = "missed \(groundTruthBoxes[object].className): the inspector shows the RoI closest to it"
        case .detection(let n):
            guard detections.indices.contains(n) else {
                message = "\(imageName) has no detection \(n + 1) under \(variant.rawValue)"
                return
            }
            let detection = detections[n]
            if detection.score < displayThreshold {
                displayThreshold = Self.thresholds.last { $0 <= detection.score } ?? 0
                message = String(format: "display threshold lowered to %.2f to show it", displayThreshold)
            }
            if classFilter != nil && classFilter != detection.label { classFilter = nil }
            refresh()
            if errorMode && !rows.contains(where: { $0.detection == n }) {
                // A true positive is not listed in error mode.
                errorMode = false
                refresh()
            }
            if let row = rows.firstIndex(where: { $0.detection == n }) { cursor = row }
        }
    }

    /// The proposal that overlaps `box` most, and the IoU.
    public func closestRoI(to box: Box) -> (roi: Int, iou: Float)? {
        guard let analysis else { return nil }
        var best: (roi: Int, iou: Float)?
        for (i, proposal) in analysis.proposals.enumerated() {
            let overlap = iou(proposal, box)
            if best == nil || overlap > best?.iou ?? 0 { best = (i, overlap) }
        }
        return best
    }
}
