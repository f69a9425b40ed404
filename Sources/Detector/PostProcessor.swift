import Compute

/// One detection of a head variant, linked to the RoI it came from.
public struct Detection: Sendable, Equatable, Codable {
    /// Class index, 0-based (background excluded).
    public let label: Int
    public let score: Float
    /// In original image pixels.
    public let box: Box
    /// Index of the RoI (proposal) in the ``RawAnalysis``.
    public let roi: Int
}

extension Box: Codable {
    public init(from decoder: Decoder) throws {
        var c = try decoder.unkeyedContainer()
        self.init(x1: try c.decode(Float.self), y1: try c.decode(Float.self), x2: try c.decode(Float.self), y2: try c.decode(Float.self))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.unkeyedContainer()
        try c.encode(x1); try c.encode(y1); try c.encode(x2); try c.encode(y2)
    }
}

/// Asking for a variant the model's outputs do not support.
public struct VariantUnavailable: Error, CustomStringConvertible, Sendable {
    public let variant: HeadVariant
    public let available: [HeadVariant]
    public var description: String {
        "variant \(variant.rawValue) needs outputs this model does not have; it offers \(available.map(\.rawValue).joined(separator: ", "))"
    }
}

/// Settings of the second-stage post-processing.
public struct PostProcessSettings: Sendable, Equatable {
    public var scoreThreshold: Float
    public var nmsIoU: Double
    public var maxPerImage: Int

    public init(scoreThreshold: Float = 0.05, nmsIoU: Double = 0.5, maxPerImage: Int = 100) {
        self.scoreThreshold = scoreThreshold
        self.nmsIoU = nmsIoU
        self.maxPerImage = maxPerImage
    }

    public init(config: ModelConfig) {
        self.init(scoreThreshold: Float(config.scoreThreshold), nmsIoU: config.rcnnNmsIoU, maxPerImage: config.maxPerImage)
    }
}

/// mmdetection's test-time post-processing for one head variant, from cached head outputs:
/// decode (clipped to the resized image), rescale to original pixels, keep (RoI, class)
/// pairs scoring above the threshold, class-wise NMS, the best `maxPerImage`.
public enum PostProcessor {
    /// Which branch's regression a variant uses.
    public enum Branch: Sendable { case fc, conv }

    /// Per-class boxes of every RoI from one branch, in original pixels, RoI-major
    /// (RoI i, class k at i * C + k, C the regression classes); nil when the branch has no
    /// regressor.
    public static func decodedBoxes(_ a: RawAnalysis, branch: Branch) -> [Box]? {
        guard let deltas = branch == .conv ? a.convDeltas : a.fcDeltas else { return nil }
        let coder = DeltaXYWHBBoxCoder(
            means: SIMD4(a.targetMeans[0], a.targetMeans[1], a.targetMeans[2], a.targetMeans[3]),
            stds: SIMD4(a.targetStds[0], a.targetStds[1], a.targetStds[2], a.targetStds[3]))
        let decoded = coder.decode(rois: a.resizedProposals, deltas: Tensor(shape: [a.roiCount, 4 * a.regressionClasses], storage: deltas),
                                   maxShape: (Float(a.resizedHeight), Float(a.resizedWidth)))
        let sx = Float(a.scaleX), sy = Float(a.scaleY)
        return decoded.map { Box(x1: $0.x1 / sx, y1: $0.y1 / sy, x2: $0.x2 / sx, y2: $0.y2 / sy) }
    }

    /// Class scores (K + 1 per RoI) a variant ranks by: fc, conv, or fused 1 - (1 - s_fc)(1 - s_conv).
    public static func scores(_ a: RawAnalysis, variant: HeadVariant) throws(VariantUnavailable) -> [Float] {
        let unavailable = VariantUnavailable(variant: variant, available: a.availableVariants)
        switch variant {
        case .fc, .dh: return a.fcScores
        case .conv, .dhReverse:
            guard let s = a.convScores else { throw unavailable }
            return s
        case .dhExt:
            guard let s = a.convScores else { throw unavailable }
            return zip(a.fcScores, s).map { 1 - (1 - $0) * (1 - $1) }
        }
    }

    /// The branch whose regression a variant uses.
    public static func regressionBranch(_ variant: HeadVariant) -> Branch {
        switch variant {
        case .fc, .dhReverse: return .fc
        case .conv, .dh, .dhExt: return .conv
        }
    }

    /// The detections of `variant`.
    public static func detections(_ a: RawAnalysis, variant: HeadVariant,
                                  settings: PostProcessSettings) throws(VariantUnavailable) -> [Detection] {
        let scores = try Self.scores(a, variant: variant)
        guard let boxes = decodedBoxes(a, branch: regressionBranch(variant)) else {
            throw VariantUnavailable(variant: variant, available: a.availableVariants)
        }
        return detections(scores: scores, boxes: boxes, numClasses: a.numClasses,
                          regressionClasses: a.regressionClasses, roiCount: a.roiCount, settings: settings)
    }

    /// Thresholding, class-wise NMS and the top-k on already decoded boxes.
    public static func detections(scores: [Float], boxes: [Box], numClasses k: Int, regressionClasses: Int,
                                  roiCount n: Int, settings: PostProcessSettings) -> [Detection] {
        var candidateBoxes: [Box] = [], candidateScores: [Float] = [], labels: [Int] = [], rois: [Int] = []
        for i in 0..<n {
            for c in 0..<k {
                let s = scores[i * (k + 1) + c]
                guard s > settings.scoreThreshold else { continue }
                candidateBoxes.append(boxes[i * regressionClasses + (regressionClasses == 1 ? 0 : c)])
                candidateScores.append(s)
                labels.append(c)
                rois.append(i)
            }
        }
        let keep = batchedNMS(boxes: candidateBoxes, scores: candidateScores, groups: labels, iouThreshold: settings.nmsIoU)
        return keep.prefix(settings.maxPerImage).map {
            Detection(label: labels[$0], score: candidateScores[$0], box: candidateBoxes[$0], roi: rois[$0])
        }
    }
}
