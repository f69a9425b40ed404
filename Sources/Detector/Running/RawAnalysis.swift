import Compute

/// Everything the network computes for one image, once: proposals and the raw outputs of
/// the heads for every RoI (Double-Head's two branches, or a baseline's one head, whose
/// outputs are kept as the fc head's: ``fcScores`` and ``fcDeltas``, with ``convDeltas`` nil). Head variants, thresholds and sorting are applied afterwards
/// (``PostProcessor``) without running the network again.
public struct RawAnalysis: Sendable {
    public let imageWidth: Int
    public let imageHeight: Int
    public let resizedWidth: Int
    public let resizedHeight: Int
    /// resized / original, per axis.
    public let scaleX: Double
    public let scaleY: Double
    public let numClasses: Int
    /// Classes with their own regression outputs (1 when class-agnostic).
    public let regressionClasses: Int
    /// Regression target stds and means (for denormalising deltas; torchvision's box coder
    /// weights are the reciprocals of the stds).
    public let targetStds: [Float]
    public let targetMeans: [Float]
    /// Whose box decoding and post-processing the outputs are meant for.
    public let convention: DetectionConvention
    /// RoIs in original image pixels.
    public let proposals: [Box]
    /// RoIs in the resized image, as the heads saw them.
    public let resizedProposals: [Box]
    /// RPN objectness per RoI (sigmoid); nil when the caller supplied the proposals.
    public let objectness: [Float]?
    /// FPN level (0 = P2) the RPN found each proposal on; nil for supplied proposals.
    public let proposalLevels: [Int]?
    /// FPN level (0 = P2) each RoI was pooled from.
    public let roiLevels: [Int]
    /// Softmax scores of the fc head, RoI-major, K + 1 per RoI (background last).
    public let fcScores: [Float]
    /// Raw deltas of the conv head, 4 per regression class per RoI; nil for a single-head
    /// (baseline) model.
    public let convDeltas: [Float]?
    /// Softmax scores of the conv head (Double-Head-Ext models only).
    public let convScores: [Float]?
    /// Raw deltas of the fc head (Double-Head-Ext models, and a baseline's one head).
    public let fcDeltas: [Float]?
    public let timings: [StageTiming]

    /// An analysis from its parts (the detector's, or the store's decoded entry).
    public init(imageWidth: Int, imageHeight: Int, resizedWidth: Int, resizedHeight: Int, scaleX: Double, scaleY: Double,
                numClasses: Int, regressionClasses: Int, targetStds: [Float], targetMeans: [Float],
                convention: DetectionConvention = .mmdetection,
                proposals: [Box], resizedProposals: [Box], objectness: [Float]?, proposalLevels: [Int]?, roiLevels: [Int],
                fcScores: [Float], convDeltas: [Float]?, convScores: [Float]?, fcDeltas: [Float]?, timings: [StageTiming]) {
        self.imageWidth = imageWidth
        self.imageHeight = imageHeight
        self.resizedWidth = resizedWidth
        self.resizedHeight = resizedHeight
        self.scaleX = scaleX
        self.scaleY = scaleY
        self.numClasses = numClasses
        self.regressionClasses = regressionClasses
        self.targetStds = targetStds
        self.targetMeans = targetMeans
        self.convention = convention
        self.proposals = proposals
        self.resizedProposals = resizedProposals
        self.objectness = objectness
        self.proposalLevels = proposalLevels
        self.roiLevels = roiLevels
        self.fcScores = fcScores
        self.convDeltas = convDeltas
        self.convScores = convScores
        self.fcDeltas = fcDeltas
        self.timings = timings
    }

    public var roiCount: Int { proposals.count }

    /// The K + 1 fc scores of RoI `i`.
    public func fcScores(roi i: Int) -> ArraySlice<Float> { fcScores[(i * (numClasses + 1))..<((i + 1) * (numClasses + 1))] }
    /// The conv scores of RoI `i`, when the model has them.
    public func convScores(roi i: Int) -> ArraySlice<Float>? {
        convScores.map { $0[(i * (numClasses + 1))..<((i + 1) * (numClasses + 1))] }
    }
    /// The raw conv deltas of RoI `i` (4 per regression class), when the model has a conv branch.
    public func convDeltas(roi i: Int) -> ArraySlice<Float>? {
        convDeltas.map { $0[(i * 4 * regressionClasses)..<((i + 1) * 4 * regressionClasses)] }
    }
    /// The raw fc deltas of RoI `i`, when the model has them.
    public func fcDeltas(roi i: Int) -> ArraySlice<Float>? {
        fcDeltas.map { $0[(i * 4 * regressionClasses)..<((i + 1) * 4 * regressionClasses)] }
    }

    /// The box coder the heads' deltas are decoded with (the model's convention, target means and stds).
    public var boxCoder: HeadBoxCoder { HeadBoxCoder(convention: convention, stds: targetStds, means: targetMeans) }

    /// RoI `i` moved by `delta` with `coder`, clipped to the resized image, in resized pixels.
    public func resizedBox(roi i: Int, delta: SIMD4<Float>, coder: HeadBoxCoder) -> Box {
        coder.decode(resizedProposals[i], delta: delta, maxShape: (Float(resizedHeight), Float(resizedWidth)))
    }

    /// RoI `i` moved by `delta` with `coder`, clipped to the resized image, in original pixels.
    public func decodedBox(roi i: Int, delta: SIMD4<Float>, coder: HeadBoxCoder) -> Box {
        scale.toOriginal(resizedBox(roi: i, delta: delta, coder: coder))
    }

    /// Resized over original pixels.
    public var scale: ResizeScale { ResizeScale(x: scaleX, y: scaleY) }

    /// The variants these outputs allow.
    public var availableVariants: [HeadVariant] {
        HeadVariant.allCases.filter {
            $0.isAvailable(hasConvBranch: convDeltas != nil, withConvCls: convScores != nil, withFcReg: fcDeltas != nil)
        }
    }
}
