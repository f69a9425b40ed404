import Compute
import Detector
import Foundation
import Imaging
import Evaluation
import Inspection
import Rendering
import Store

/// Everything the browser shows, as a value: actions change it (``perform(_:)``), panes
/// draw it. No terminal and no detector are needed, so it is tested directly.
public struct AppState: Sendable {
    // Inputs.
    public let imagePaths: [String]
    public let modelName: String
    /// Which of the browsed models this state shows (0-based), and how many there are.
    public internal(set) var modelIndex = 0
    public internal(set) var modelCount = 1
    public let classNames: [String]
    /// The variants the model offers, in canonical order.
    public let variants: [HeadVariant]
    /// How much the conv head enlarges each RoI for regression (1.3 in the paper).
    public let regressionRoIScale: Double
    public var groundTruth: GroundTruth?

    // Navigation and view settings.
    public internal(set) var imageIndex = 0
    public internal(set) var variant: HeadVariant
    /// The second variant in compare mode; nil when not comparing.
    public internal(set) var compareVariant: HeadVariant?
    /// Post-processing as evaluation runs it (score threshold 0.05 for mmdetection models):
    /// the detections, their numbers and every RoI's fate come from it.
    public internal(set) var settings: PostProcessSettings
    /// Detections below this score are not drawn or listed (mmdetection's `show_score_thr`);
    /// `+`/`-` change it. It never changes post-processing.
    public internal(set) var displayThreshold: Float
    public internal(set) var listMode: ListMode = .detections
    public internal(set) var detectionSort: SortKey = .score
    public internal(set) var roiSort: SortKey = .index
    public internal(set) var classFilter: Int?
    public internal(set) var cursor = 0
    public internal(set) var showHelp = false
    /// The first line of help shown, when the terminal is too short for all of it.
    public internal(set) var helpScroll = 0
    public internal(set) var showRegressionRoI = true
    public internal(set) var showGroundTruth = false
    /// Error mode (`x`): boxes and the list by TIDE label.
    public internal(set) var errorMode = false
    /// A jump to the next (or previous) error that moved on to another image and waits for
    /// its analysis; `start` is the image it left, where it gives up after a full round.
    public internal(set) var errorJump: (forward: Bool, start: Int)?
    /// The kind of error `]` and `[` jump to (`T`); nil for any error.
    public internal(set) var jumpKind: DetectionLabel.Kind?
    public internal(set) var zoom: Double = 1
    public internal(set) var centerX: Double = 0.5
    public internal(set) var centerY: Double = 0.5
    public var terminalSize: (columns: Int, rows: Int) = (80, 24) {
        // The split view falls back to one picture in a narrow terminal, and the list with it.
        didSet {
            if splitModels, Layout(columns: oldValue.columns, rows: oldValue.rows).fitsSplit
                != Layout(columns: terminalSize.columns, rows: terminalSize.rows).fitsSplit { refresh() }
        }
    }
    /// A one-off message for the status bar (export written, key unavailable, ...).
    public var message: String?
    /// What the terminal shows (colour mode and why it is lower than asked, an ASCII
    /// fallback), kept in the status bar.
    public var terminalNote: String?
    /// A cell's size in pixels when the image pane shows real pixels (the backend draws the
    /// picture after each frame); nil for block characters.
    public var pixelCell: PixelSize?

    // The whole list, with ground truth.
    /// How far the background analysis of every image is; nil before it starts.
    public internal(set) var datasetProgress: DatasetProgress?
    /// The dataset pane (`D`) when open: its section and cursors.
    public internal(set) var datasetPane: DatasetPaneState?
    /// The latest review of what the background analysis found, and the detections it was
    /// built from; nil until the first arrives.
    public internal(set) var datasetReview: DatasetReview?
    /// The detections `datasetReview` was built from.
    public internal(set) var datasetDetections: DatasetDetections?
    /// The order `n` and `p` walk the images in (`o`; other than file order with the review).
    public internal(set) var imageOrder: ImageOrder = .file
    /// A detection or missed object to select once its image's analysis arrives.
    public internal(set) var pendingItem: ReviewItem?
    /// A detection to select once the image's analysis arrives (the one linked to the
    /// detection selected in the other model, after `m` in the split view).
    public internal(set) var pendingDetection: Detection?
    /// The missed ground-truth object shown (an index into the image's objects), after a jump
    /// to a miss or Enter on one in the dataset pane.
    public internal(set) var selectedMiss: Int?

    // Two models side by side (`M`).
    /// The split view is asked for (it shows when there is a partner and room for it).
    public internal(set) var splitModels = false
    /// The other model of the split view, kept up to date by the browser.
    public internal(set) var partner: PartnerModel?

    // The current image's data.
    public internal(set) var detectorStatus: DetectorStatus = .waiting
    public internal(set) var picture: PictureStatus = .loading
    public internal(set) var analysis: RawAnalysis?

    // Derived from the above by `refresh()`.
    /// The current variant's post-processing, with every RoI's fate.
    public private(set) var outcome: VariantOutcome?
    /// The current variant's detections, all of them (numbered as post-processing numbers them).
    public private(set) var detections: [Detection] = []
    public private(set) var compareDetections: [Detection] = []
    public private(set) var differences: [VariantDifference] = []
    public private(set) var rows: [ListRow] = []
    /// The current variant's class scores, K + 1 per RoI.
    public private(set) var variantScores: [Float] = []
    /// Per-class boxes of each branch (see ``PostProcessor/decodedBoxes(_:branch:)``).
    public private(set) var fcBoxes: [Box]?
    public private(set) var convBoxes: [Box]?
    /// In the split view: the partner's detections at or above the display threshold, and how
    /// the left half's (A, the lower model number) differ from the right half's (B).
    public private(set) var partnerDetections: [Detection] = []
    public private(set) var modelDifferences: [VariantDifference] = []
    /// In error mode, the TIDE label of every detection and the missed objects.
    public private(set) var imageErrors: ImageErrors?

    /// The display threshold when none is given.
    public static let defaultDisplayThreshold: Float = 0.3

    public init(imagePaths: [String], modelName: String, config: ModelConfig, variant: HeadVariant? = nil,
                groundTruth: GroundTruth? = nil, displayThreshold: Float = AppState.defaultDisplayThreshold,
                errorMode: Bool = false) {
        self.displayThreshold = displayThreshold
        self.imagePaths = imagePaths
        self.modelName = modelName
        classNames = (0..<config.numClasses).map { config.className($0) }
        let offered = HeadVariant.available(for: config)
        variants = offered.isEmpty ? [.dh] : offered
        let preferred = variant ?? HeadVariant.preferred(among: offered)
        self.variant = variants.contains(preferred) ? preferred : variants[0]
        settings = PostProcessSettings(config: config)
        regressionRoIScale = config.regressionRoIScale
        self.groundTruth = groundTruth
        // Ground truth given at start is shown (t hides it).
        showGroundTruth = groundTruth != nil
        self.errorMode = errorMode && groundTruth != nil
    }

    /// The detections at or above the display threshold: what the image pane draws.
    public var shownDetections: [Detection] { detections.filter { $0.score >= displayThreshold } }

    /// The path of the current image, if any.
    public var imagePath: String? { imagePaths.indices.contains(imageIndex) ? imagePaths[imageIndex] : nil }

    /// The file name of the current image.
    public var imageName: String { imagePath.map { ($0 as NSString).lastPathComponent } ?? "no images" }

    /// The name of class `index` (0-based), "background" for K.
    public func className(_ index: Int) -> String {
        ModelConfig.className(index, names: classNames, classCount: classNames.count)
    }

    /// The row under the cursor.
    public var selectedRow: ListRow? { rows.indices.contains(cursor) ? rows[cursor] : nil }

    /// The RoI under the cursor.
    public var selectedRoI: Int? { selectedRow?.roi }

    /// The sort of the list mode in use.
    public var sort: SortKey { listMode == .detections ? detectionSort : roiSort }

    /// Ground truth of the current image, when loaded.
    public var groundTruthBoxes: [GroundTruthObject] { groundTruthImage?.objects ?? [] }

    /// The ground truth's entry for the current image, if it lists it.
    public var groundTruthImage: GroundTruthImage? {
        guard let groundTruth, let imagePath else { return nil }
        return groundTruth.image(forFileAt: imagePath)
    }

    /// The inspector's record of `roi` for class `label` under the current variant, with
    /// ground-truth IoUs when ground truth is shown.
    public func record(roi: Int, label: Int? = nil) -> RoIRecord? {
        guard let analysis, let outcome else { return nil }
        return RoIRecord(analysis: analysis, outcome: outcome, roi: roi, label: label, classNames: classNames,
                         groundTruth: showGroundTruth ? groundTruthBoxes.map(\.box) : [],
                         regressionRoIScale: regressionRoIScale)
    }

    /// The on-screen part of the picture, when it is loaded.
    public var viewport: ImageViewport? {
        guard case .ready(let image) = picture else { return nil }
        return ImageViewport(imageWidth: image.width, imageHeight: image.height, zoom: zoom, centerX: centerX, centerY: centerY)
    }

    // MARK: updates from the outside

    /// Starts over for the image at `imageIndex`.
    mutating func resetImage() {
        pendingItem = nil
        pendingDetection = nil
        partner?.reset()
        selectedMiss = nil
        detectorStatus = .waiting
        picture = .loading
        analysis = nil
        cursor = 0
        zoom = 1
        centerX = 0.5
        centerY = 0.5
        refresh()
    }

    /// The picture of the current image was decoded (or failed to).
    public mutating func setPicture(_ status: PictureStatus) {
        picture = status
    }

    /// A detector event for the current image.
    public mutating func apply(_ event: DetectorService.Event) {
        switch event {
        case .progress(let stage):
            detectorStatus = .running(stage)
        case .finished(let analysis, let cached):
            let total = analysis.timings.reduce(0) { $0 + $1.milliseconds }
            detectorStatus = .done(milliseconds: total, cached: cached)
            self.analysis = analysis
            fcBoxes = PostProcessor.decodedBoxes(analysis, branch: .fc)
            convBoxes = PostProcessor.decodedBoxes(analysis, branch: .conv)
            refresh()
            if let item = pendingItem, item.image == imageIndex { select(item) }
            if let wanted = pendingDetection {
                pendingDetection = nil
                if let index = rows.firstIndex(where: { $0.detection.map { detections[$0] } == wanted }) { cursor = index }
            }
        case .failed(let error):
            detectorStatus = .failed("\(error)")
        case .cancelled:
            break
        }
    }

    // MARK: derived data

    /// Recomputes detections, the comparison and the list after any change, keeping the
    /// selected RoI selected when it is still listed.
    mutating func refresh() {
        let keep = selectedRoI
        guard let analysis else {
            outcome = nil; detections = []; compareDetections = []; differences = []; rows = []; variantScores = []
            partnerDetections = []; modelDifferences = []
            fcBoxes = nil; convBoxes = nil; imageErrors = nil
            cursor = 0
            return
        }
        outcome = try? VariantOutcome(analysis: analysis, variant: variant, settings: settings)
        variantScores = outcome?.scores ?? analysis.fcScores
        detections = outcome?.detections ?? []
        imageErrors = nil
        if errorMode, let groundTruth, let image = groundTruthImage {
            imageErrors = ImageErrors(detections: detections, modelClassNames: classNames, image: image,
                                      classNames: groundTruth.classNames)
        }
        if let compareVariant {
            compareDetections = ((try? PostProcessor.detections(analysis, variant: compareVariant, settings: settings)) ?? [])
                .filter { $0.score >= displayThreshold }
            differences = VariantDifference.compare(shownDetections, compareDetections)
        } else {
            compareDetections = []
            differences = []
        }
        if isSplit, let partner {
            partnerDetections = partner.detections.filter { $0.score >= displayThreshold }
            let (left, right) = currentIsLeft ? ((shownDetections, classNames), (partnerDetections, partner.classNames))
                : ((partnerDetections, partner.classNames), (shownDetections, classNames))
            modelDifferences = VariantDifference.compare(left.0, classNames: left.1, right.0, classNames: right.1)
        } else {
            partnerDetections = []
            modelDifferences = []
        }
        rows = buildRows(analysis)
        if let keep, let index = rows.firstIndex(where: { $0.roi == keep }) {
            cursor = index
        } else {
            cursor = min(cursor, max(0, rows.count - 1))
        }
    }

    /// The best foreground class of RoI `i` under the current variant, and its score.
    public func bestClass(roi i: Int) -> (label: Int, score: Float) {
        VariantOutcome.bestClass(roi: i, scores: variantScores, numClasses: classNames.count)
    }

    private func bestGroundTruthIoU(_ box: Box) -> Float? {
        let truth = groundTruthBoxes
        guard showGroundTruth, !truth.isEmpty else { return nil }
        return truth.map { iou(box, $0.box) }.max()
    }

    private func buildRows(_ analysis: RawAnalysis) -> [ListRow] {
        var out: [ListRow] = []
        switch listMode {
        case .detections where isSplit:
            // This model's detections, each marked with how the other model differs.
            for (n, d) in detections.enumerated() where d.score >= displayThreshold {
                out.append(ListRow(roi: d.roi, label: d.label, score: d.score, objectness: analysis.objectness?[d.roi],
                                   detection: n, iou: bestGroundTruthIoU(analysis.proposals[d.roi]),
                                   difference: modelDifference(of: d)?.kind))
            }
        case .detections where compareVariant != nil:
            for d in differences {
                guard let detection = d.a ?? d.b else { continue }
                let index = d.a.flatMap { a in detections.firstIndex(of: a) }
                out.append(ListRow(roi: detection.roi, label: detection.label, score: detection.score,
                                   objectness: analysis.objectness?[detection.roi], detection: index,
                                   iou: bestGroundTruthIoU(analysis.proposals[detection.roi]), difference: d.kind))
            }
        case .detections where imageErrors != nil:
            // The errors, with their TIDE label (true positives left out).
            for (n, d) in detections.enumerated() where d.score >= displayThreshold {
                guard let kind = imageErrors?.kinds[n], kind != .tp else { continue }
                out.append(ListRow(roi: d.roi, label: d.label, score: d.score, objectness: analysis.objectness?[d.roi],
                                   detection: n, iou: bestGroundTruthIoU(analysis.proposals[d.roi]), error: kind))
            }
        case .detections:
            for (n, d) in detections.enumerated() where d.score >= displayThreshold {
                out.append(ListRow(roi: d.roi, label: d.label, score: d.score, objectness: analysis.objectness?[d.roi],
                                   detection: n, iou: bestGroundTruthIoU(analysis.proposals[d.roi])))
            }
        case .rois:
            for i in 0..<analysis.roiCount {
                let best = bestClass(roi: i)
                out.append(ListRow(roi: i, label: best.label, score: best.score, objectness: analysis.objectness?[i],
                                   detection: detections.firstIndex { $0.roi == i },
                                   iou: bestGroundTruthIoU(analysis.proposals[i])))
            }
        }
        if let classFilter { out = out.filter { $0.label == classFilter } }
        switch sort {
        case .score: out.sort { ($0.score, -$0.roi) > ($1.score, -$1.roi) }
        case .objectness: out.sort { ($0.objectness ?? 0, -$0.roi) > ($1.objectness ?? 0, -$1.roi) }
        case .iou: out.sort { ($0.iou ?? 0, -$0.roi) > ($1.iou ?? 0, -$1.roi) }
        case .index: out.sort { ($0.roi, $0.detection ?? 0) < ($1.roi, $1.detection ?? 0) }
        }
        return out
    }
}
