import Evaluation
import Compute
import Detector

/// One head variant's post-processing of a cached analysis (decode, score threshold,
/// class-wise NMS, per-image limit) together with the fate of every (RoI, class) pair.
/// Built from the ``RawAnalysis`` alone, so switching variant, threshold or limit never
/// reruns the network.
public struct VariantOutcome: Sendable {
    public let variant: HeadVariant
    public let settings: PostProcessSettings
    /// The detections, by descending score, exactly as ``PostProcessor/detections(_:variant:settings:)``.
    public let detections: [Detection]
    /// The class scores the variant ranks by, K + 1 per RoI (background last).
    public let scores: [Float]
    /// Number of foreground classes K.
    public let numClasses: Int
    /// The size under which a candidate's box is dropped before NMS (torchvision), if any.
    private let minimumSize: Float?
    /// Fates of the candidates that passed the threshold, keyed by `roi * K + label`.
    private let candidateFates: [Int: RoIFate]

    /// Post-processes `analysis` for `variant`.
    /// - Throws: ``VariantUnavailable`` when the model lacks the outputs the variant needs.
    public init(analysis: RawAnalysis, variant: HeadVariant,
                settings: PostProcessSettings) throws(VariantUnavailable) {
        self.variant = variant
        self.settings = settings
        numClasses = analysis.numClasses
        minimumSize = analysis.convention.minimumDetectionSize
        scores = try PostProcessor.scores(analysis, variant: variant)
        let c = try PostProcessor.candidates(analysis, variant: variant, settings: settings)
        let (keep, suppressions) = tracedBatchedNMS(boxes: c.boxes, scores: c.scores, groups: c.labels,
                                                    iouThreshold: settings.nmsIoU)
        var fates: [Int: RoIFate] = [:]
        fates.reserveCapacity(c.count)
        for (i, suppression) in suppressions.enumerated() {
            guard let suppression else { continue }
            fates[c.rois[i] * analysis.numClasses + c.labels[i]] = .suppressed(byRoI: c.rois[suppression.by], iou: suppression.iou)
        }
        var detections: [Detection] = []
        detections.reserveCapacity(min(keep.count, settings.maxPerImage))
        for (rank, i) in keep.enumerated() {
            let key = c.rois[i] * analysis.numClasses + c.labels[i]
            if rank < settings.maxPerImage {
                fates[key] = .kept(detection: rank)
                detections.append(Detection(label: c.labels[i], score: c.scores[i], box: c.boxes[i], roi: c.rois[i]))
            } else {
                fates[key] = .beyondLimit(rank: rank, limit: settings.maxPerImage)
            }
        }
        self.detections = detections
        candidateFates = fates
    }

    /// The score of RoI `roi` for class `label` under this variant (0 when out of range).
    public func score(roi: Int, label: Int) -> Float {
        let index = roi * (numClasses + 1) + label
        return scores.indices.contains(index) ? scores[index] : 0
    }

    /// What happened to RoI `roi`'s candidate for class `label`.
    public func fate(roi: Int, label: Int) -> RoIFate {
        if let fate = candidateFates[roi * numClasses + label] { return fate }
        let s = score(roi: roi, label: label)
        // Not a candidate although its score passed: its box was too small.
        if let minimumSize, s > settings.scoreThreshold { return .tooSmall(minimum: minimumSize) }
        return .belowThreshold(score: s, threshold: settings.scoreThreshold)
    }

    /// The best foreground class of RoI `roi` and its score (lowest label on ties).
    public func bestClass(roi: Int) -> (label: Int, score: Float) {
        Self.bestClass(roi: roi, scores: scores, numClasses: numClasses)
    }

    /// The best foreground class of RoI `roi` in `scores` (K + 1 per RoI, background last) and
    /// its score, the lowest label on ties; (0, 0) when the RoI is out of range.
    public static func bestClass(roi: Int, scores: [Float], numClasses: Int) -> (label: Int, score: Float) {
        var best = 0
        var top = -Float.infinity
        let base = roi * (numClasses + 1)
        guard base >= 0, numClasses >= 0, base + numClasses <= scores.count else { return (0, 0) }
        for c in 0..<numClasses where scores[base + c] > top {
            top = scores[base + c]
            best = c
        }
        return (best, top.isFinite ? top : 0)
    }
}
