import Compute

/// The test-time post-processing of one head variant, from cached head outputs, as
/// mmdetection (or torchvision) does it: keep (RoI, class) pairs scoring above the threshold,
/// decode (clipped to the resized image; torchvision then drops boxes under 1e-2 px), rescale
/// to original pixels, class-wise NMS, the best `maxPerImage`.
public enum PostProcessor {
    /// Which branch's regression a variant uses.
    public enum Branch: Sendable { case fc, conv }

    /// Per-class boxes of every RoI from one branch, in original pixels, RoI-major
    /// (RoI i, class k at i * C + k, C the regression classes); nil when the branch has no
    /// regressor.
    public static func decodedBoxes(_ analysis: RawAnalysis, branch: Branch) -> [Box]? {
        guard let deltas = branch == .conv ? analysis.convDeltas : analysis.fcDeltas else { return nil }
        let decoded = analysis.boxCoder.decode(rois: analysis.resizedProposals, deltas: Tensor(shape: [analysis.roiCount, 4 * analysis.regressionClasses], storage: deltas),
                                   maxShape: (Float(analysis.resizedHeight), Float(analysis.resizedWidth)))
        return decoded.map(analysis.scale.toOriginal)
    }

    /// Class scores (K + 1 per RoI) a variant ranks by: fc, conv, or fused 1 - (1 - s_fc)(1 - s_conv).
    public static func scores(_ analysis: RawAnalysis, variant: HeadVariant) throws(VariantUnavailable) -> [Float] {
        let (primary, secondary) = try rankingScores(analysis, variant: variant)
        guard let secondary else { return primary }
        return zip(primary, secondary).map(HeadVariant.fusedScore)
    }

    /// The head scores a variant ranks by: one head's, or fc's and conv's to be fused
    /// (fused per pair by the caller, so candidates need not fuse every score).
    private static func rankingScores(_ analysis: RawAnalysis,
                                      variant: HeadVariant) throws(VariantUnavailable) -> ([Float], [Float]?) {
        let unavailable = VariantUnavailable(variant: variant, available: analysis.availableVariants)
        switch variant {
        case .fc, .dh, .fc2: return (analysis.fcScores, nil)
        case .conv, .dhReverse:
            guard let conv = analysis.convScores else { throw unavailable }
            return (conv, nil)
        case .dhExt:
            guard let conv = analysis.convScores else { throw unavailable }
            return (analysis.fcScores, conv)
        }
    }

    /// The branch whose regression a variant uses.
    public static func regressionBranch(_ variant: HeadVariant) -> Branch {
        switch variant {
        case .fc, .dhReverse, .fc2: return .fc
        case .conv, .dh, .dhExt: return .conv
        }
    }

    /// The (RoI, class) pairs of a variant whose score passes the threshold, with their
    /// decoded boxes in original pixels: what class-wise NMS sees.
    public struct Candidates: Sendable {
        public var boxes: [Box] = []
        public var scores: [Float] = []
        public var labels: [Int] = []
        public var rois: [Int] = []
        public var count: Int { boxes.count }
    }

    /// The detections of `variant`: candidates, class-wise NMS, the best `maxPerImage`.
    public static func detections(_ analysis: RawAnalysis, variant: HeadVariant,
                                  settings: PostProcessSettings) throws(VariantUnavailable) -> [Detection] {
        let c = try candidates(analysis, variant: variant, settings: settings)
        let keep = batchedNMS(boxes: c.boxes, scores: c.scores, groups: c.labels, iouThreshold: settings.nmsIoU)
        return keep.prefix(settings.maxPerImage).map {
            Detection(label: c.labels[$0], score: c.scores[$0], box: c.boxes[$0], roi: c.rois[$0])
        }
    }

    /// The candidates of `variant`. Only (RoI, class) pairs above the threshold are decoded,
    /// so a variant switch costs little more than the scan of the scores. Under torchvision's
    /// convention a pair whose box is under 1e-2 px across is no candidate.
    public static func candidates(_ analysis: RawAnalysis, variant: HeadVariant,
                                  settings: PostProcessSettings) throws(VariantUnavailable) -> Candidates {
        let (primary, secondary) = try rankingScores(analysis, variant: variant)
        guard let deltas = regressionBranch(variant) == .conv ? analysis.convDeltas : analysis.fcDeltas else {
            throw VariantUnavailable(variant: variant, available: analysis.availableVariants)
        }
        let coder = analysis.boxCoder, minimum = analysis.convention.minimumDetectionSize
        let k = analysis.numClasses, rc = analysis.regressionClasses
        var out = Candidates()
        for i in 0..<analysis.roiCount {
            for c in 0..<k {
                let j = i * (k + 1) + c
                // Fusion as the reference computes it: 1 - (1 - s_fc)(1 - s_conv), in Float32.
                let s = secondary.map { HeadVariant.fusedScore(primary[j], $0[j]) } ?? primary[j]
                guard s > settings.scoreThreshold else { continue }
                let o = (i * rc + (rc == 1 ? 0 : c)) * 4
                let box = analysis.resizedBox(roi: i, delta: SIMD4(deltas[o], deltas[o + 1], deltas[o + 2], deltas[o + 3]),
                                              coder: coder)
                if let minimum {
                    guard box.width >= minimum, box.height >= minimum else { continue }
                }
                out.boxes.append(analysis.scale.toOriginal(box))
                out.scores.append(s)
                out.labels.append(c)
                out.rois.append(i)
            }
        }
        return out
    }
}
