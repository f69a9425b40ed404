import Compute
import Dispatch
import Foundation
import Imaging

/// A loaded detector, BN folded, ready to analyse images: a Double-Head R-CNN, or a Faster
/// R-CNN baseline (mmdetection's or torchvision's, ``ModelConfig/layout``) run by the same
/// pipeline with its own head and its framework's rules. Immutable and Sendable, so one
/// instance serves every queue.
public struct DoubleHeadDetector: Sendable {
    public let config: ModelConfig
    /// Where the weights came from (a path, or "formula weights").
    public let source: String
    let backbone: ResNetBackbone
    let neck: FPNNeck
    let rpn: RPNHead
    let proposals: ProposalGenerator
    let head: BoxHead

    /// Builds the model from `weights`, checking every tensor's presence and shape.
    public init(config: ModelConfig, weights: WeightSource) throws {
        try config.validate()
        try Gemm.requireLibrary()
        self.config = config
        source = weights.sourceName
        backbone = try ResNetBackbone(weights, config: config)
        neck = try FPNNeck(weights, config: config)
        rpn = try RPNHead(weights, config: config)
        proposals = ProposalGenerator(config: config)
        head = try BoxHead(weights, config: config)
    }

    /// Runs the network on `image`. With `givenProposals` (boxes in original pixels) the RPN
    /// is skipped and the heads run on exactly those boxes.
    /// - Parameters:
    ///   - progress: called as each stage starts.
    ///   - isCancelled: polled between stages; when it returns true the run throws
    ///     ``AnalysisCancelled``.
    ///
    /// Analyses run one at a time in a process: each spreads its layers over every core, so
    /// overlapping two only adds switching between them.
    public func analyze(_ image: RGBImage, givenProposals: [Box]? = nil,
                        progress: (DetectorStage) -> Void = { _ in },
                        isCancelled: () -> Bool = { false }) throws -> RawAnalysis {
        if isCancelled() { throw AnalysisCancelled() }
        progress(.preprocess)
        return try analyze(prepare(image), givenProposals: givenProposals, progress: progress, isCancelled: isCancelled)
    }

    /// The network's input for `image` (resized, normalised, padded): what ``analyze(_:givenProposals:progress:isCancelled:)``
    /// does first. Runs on any thread, while another image is analysed: a folder's next image
    /// is prepared during the network of the current one.
    public func prepare(_ image: RGBImage) -> PreparedInput {
        let start = DispatchTime.now().uptimeNanoseconds
        var input = Preprocessor.prepare(image, config: config)
        input.milliseconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        return input
    }

    /// Runs the network on an input from ``prepare(_:)``; the same analysis as
    /// ``analyze(_:givenProposals:progress:isCancelled:)`` of its image, with the time it took
    /// to prepare as the preprocess stage.
    public func analyze(_ input: PreparedInput, givenProposals: [Box]? = nil,
                        progress: (DetectorStage) -> Void = { _ in },
                        isCancelled: () -> Bool = { false }) throws -> RawAnalysis {
        try Self.analysisLock.withLock {
            try analyzeAlone(input, givenProposals: givenProposals, progress: progress, isCancelled: isCancelled)
        }
    }

    private static let analysisLock = NSLock()

    private func analyzeAlone(_ input: PreparedInput, givenProposals: [Box]?, progress: (DetectorStage) -> Void,
                              isCancelled: () -> Bool) throws -> RawAnalysis {
        var timings = [StageTiming(stage: DetectorStage.preprocess.rawValue, milliseconds: input.milliseconds)]
        var clock = DispatchTime.now().uptimeNanoseconds
        func enter(_ stage: DetectorStage) throws {
            if isCancelled() { throw AnalysisCancelled() }
            progress(stage)
        }
        func done(_ stage: DetectorStage) {
            let now = DispatchTime.now().uptimeNanoseconds
            timings.append(StageTiming(stage: stage.rawValue, milliseconds: Double(now - clock) / 1e6))
            clock = now
        }
        try enter(.backbone)
        var c = backbone(input.tensor)
        done(.backbone)
        try enter(.neck)
        var p = neck(&c)
        done(.neck)

        let scale = ResizeScale(x: input.scaleX, y: input.scaleY)
        var rois: [Box]
        var objectness: [Float]?
        var proposalLevels: [Int]?
        if let givenProposals {
            rois = givenProposals.map(scale.toResized)
        } else {
            try enter(.rpn)
            let outputs = p.map { rpn($0) }
            done(.rpn)
            try enter(.proposals)
            let found = proposals(outputs, imageHeight: input.resizedHeight, imageWidth: input.resizedWidth,
                                  inputHeight: input.tensor.shape[2], inputWidth: input.tensor.shape[3])
            rois = found.boxes
            objectness = found.scores
            proposalLevels = found.levels
            done(.proposals)
        }
        // P2..P5 move into RoIAlign's channels-last copy, released level by level, so the heads
        // run without the pyramid in both layouts (83 MB at R50's 1216x800); P6 was the RPN's.
        var pyramid = Array(p.prefix(4))
        p = []
        let pooling = RoIPooling(config: config, taking: &pyramid, resizedHeight: input.resizedHeight)
        let levels = pooling.levels(of: rois)
        let outputs: HeadOutputs
        switch head {
        case .doubleHead(let doubleHead):
            outputs = try doubleHeadOutputs(doubleHead, rois: rois, levels: levels, pooling: pooling,
                                            enter: enter, done: done, isCancelled: isCancelled)
        case .single(let single):
            try enter(.roiAlign)
            let pooled = pooling(rois: rois, levels: levels)
            done(.roiAlign)
            try enter(.fcHead)
            outputs = try singleHeadOutputs(single, pooled: pooled, isCancelled: isCancelled)
            done(.fcHead)
        }
        return RawAnalysis(
            imageWidth: input.originalWidth, imageHeight: input.originalHeight,
            resizedWidth: input.resizedWidth, resizedHeight: input.resizedHeight,
            scaleX: input.scaleX, scaleY: input.scaleY,
            numClasses: config.numClasses, regressionClasses: config.regressionClasses,
            targetStds: config.rcnnTargetStds.map(Float.init), targetMeans: config.rcnnTargetMeans.map(Float.init),
            convention: config.convention, proposals: rois.map(scale.toOriginal),
            resizedProposals: rois, objectness: objectness, proposalLevels: proposalLevels, roiLevels: levels,
            fcScores: outputs.fcScores, convDeltas: outputs.convDeltas, convScores: outputs.convScores,
            fcDeltas: outputs.fcDeltas, timings: timings)
    }

    /// What the heads computed for every RoI, in ``RawAnalysis``'s terms.
    struct HeadOutputs {
        var fcScores: [Float]
        var convDeltas: [Float]?
        var convScores: [Float]?
        var fcDeltas: [Float]?
    }

    /// Double-Head: the fc branch on the RoIs, the conv branch on the RoIs enlarged 1.3x
    /// (pooled from the level of the original box).
    private func doubleHeadOutputs(_ head: DoubleHeadBBoxHead, rois: [Box], levels: [Int],
                                   pooling: RoIPooling, enter: (DetectorStage) throws -> Void, done: (DetectorStage) -> Void,
                                   isCancelled: () -> Bool) throws -> HeadOutputs {
        let n = rois.count, k1 = config.numClasses + 1
        // In a function of its own so the pooled RoIs (50 MB for R50's 1000) are released
        // before the conv head allocates its parts.
        func fcOutputs() throws -> (scores: [Float], deltas: [Float]?) {
            try enter(.roiAlign)
            let pooledCls = pooling(rois: rois, levels: levels)
            done(.roiAlign)
            try enter(.fcHead)
            let fc = head.fcBranch(pooledCls)
            return (n > 0 ? softmax(fc.logits).storage : [], fc.deltas?.storage)
        }
        let fc = try fcOutputs()
        let fcScores = fc.scores
        done(.fcHead)
        try enter(.convHead)
        let enlarged = rois.map { $0.scaled(by: Float(config.regressionRoIScale)) }
        let conv = try convHeadOutputs(head, rois: enlarged, levels: levels, pooling: pooling,
                                       isCancelled: isCancelled)
        done(.convHead)
        let convScores: [Float]? = head.convCls == nil ? nil
            : (n > 0 ? softmax(Tensor(shape: [n, k1], storage: conv.logits)).storage : [])
        return HeadOutputs(fcScores: fcScores, convDeltas: conv.deltas, convScores: convScores, fcDeltas: fc.deltas)
    }

    /// A baseline's one head on the pooled RoIs [N, C, s, s], chunk after chunk: its scores
    /// and deltas are kept as the fc head's.
    private func singleHeadOutputs(_ head: FCBoxHead, pooled: Tensor, isCancelled: () -> Bool) throws -> HeadOutputs {
        var scores: [Float] = [], deltas: [Float] = []
        let n = pooled.shape[0], perRoI = pooled.count / max(1, n)
        var start = 0
        while start < n {
            if isCancelled() { throw AnalysisCancelled() }
            let end = min(n, start + FCBoxHead.chunkSize)
            let chunk = end - start == n ? pooled
                : Tensor(shape: [end - start] + pooled.shape.dropFirst(), storage: Array(pooled.storage[(start * perRoI)..<(end * perRoI)]))
            let out = head(chunk)
            scores += softmax(out.logits).storage
            deltas += out.deltas.storage
            start = end
        }
        return HeadOutputs(fcScores: scores, convDeltas: nil, convScores: nil, fcDeltas: deltas)
    }
}

extension DoubleHeadDetector {
    /// The conv branch over all RoIs (already enlarged): deltas [N * 4K] and, for Ext,
    /// logits [N * (K+1)], in RoI order.
    ///
    /// The RoIs run as parts of ``DoubleHeadBBoxHead/roisPerPart(channels:cells:)`` spread
    /// over the cores, each part through the whole branch on single-threaded BLAS: its
    /// activations stay in the core's cache and no GEMM waits at a barrier for the other core.
    func convHeadOutputs(_ head: DoubleHeadBBoxHead, rois: [Box], levels: [Int], pooling: RoIPooling,
                         isCancelled: () -> Bool) throws -> (deltas: [Float], logits: [Float]) {
        let n = rois.count
        let parts = head.concurrentParts(roiCount: n, cores: Parallel.coreCount)
        let bounds = (0...parts).map { $0 * n / parts }
        func run(_ part: Int) -> (deltas: [Float], logits: [Float], finished: Bool) {
            var deltas = [Float](), logits = [Float]()
            var start = bounds[part]
            while start < bounds[part + 1] {
                // Chunks bound the conv branch's memory; each chunk is one batched GEMM per layer.
                if isCancelled() { return (deltas, logits, false) }
                let end = min(bounds[part + 1], start + head.chunkSize)
                let pooled = pooling(rois: Array(rois[start..<end]), levels: Array(levels[start..<end]),
                                     layout: .channelMajor)
                let out = head.convBranch(pooled)
                deltas += out.deltas.storage
                if let outLogits = out.logits { logits += outLogits.storage }
                start = end
            }
            return (deltas, logits, true)
        }
        var results = [(deltas: [Float], logits: [Float], finished: Bool)](repeating: ([], [], false), count: parts)
        if parts == 1 {
            results[0] = run(0)
        } else {
            results.withUnsafeMutableBufferPointer { buffer in
                // Each part writes only its own slot.
                nonisolated(unsafe) let slots = buffer
                Parallel.for(parts) { slots[$0] = run($0) }
            }
        }
        if results.contains(where: { !$0.finished }) { throw AnalysisCancelled() }
        return (results.flatMap(\.deltas), results.flatMap(\.logits))
    }
}
