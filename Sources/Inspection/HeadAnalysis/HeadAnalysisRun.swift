import Evaluation
import Compute
import Detector
import Foundation
import Imaging

/// The head analysis over a folder of images and their ground truth (`dhscope analyze`):
/// for every listed image found, proposals (sampled around each ground-truth box, or the
/// RPN's own matched to it) go through both heads and are scored against the ground truth.
public struct HeadAnalysisRun: Sendable {
    /// Where the analysed proposals come from.
    public enum ProposalSource: String, Sendable, CaseIterable {
        /// Sampled around each ground-truth box to fill every IoU bin (the paper's protocol).
        case sampled
        /// The RPN's own proposals, each matched to the ground-truth box it overlaps most.
        case rpn
    }

    /// How far the run has got, after each image.
    public struct Progress: Sendable {
        public var imagesDone: Int
        public var imageCount: Int
        public var samples: Int
    }

    /// What the run found.
    public struct Outcome: Sendable {
        public var report: HeadAnalysisReport
        public var samples: HeadSamples
        /// Ground-truth images analysed (found, decoded, with boxes of the models' classes).
        public var imagesAnalysed: Int
        /// Ground-truth images not found among the image files.
        public var imagesNotFound: [String]
        /// Classes of the ground truth left out because not every model knows them (by name).
        public var classesLeftOut: [String]
    }

    /// A model to analyse and its short name in the report.
    public struct Model: Sendable {
        public var name: String
        public var detector: DoubleHeadDetector

        public init(name: String, detector: DoubleHeadDetector) {
            self.name = name
            self.detector = detector
        }
    }

    /// The valid range of proposals per IoU bin per ground-truth box.
    public static let perBinRange = 1...100

    public let source: ProposalSource
    public let sampler: ProposalSampler

    /// - Throws: ``HeadAnalysisError/perBinOutOfRange(_:)`` outside ``perBinRange``.
    public init(source: ProposalSource, perBin: Int) throws(HeadAnalysisError) {
        guard Self.perBinRange.contains(perBin) else { throw .perBinOutOfRange(perBin) }
        self.source = source
        sampler = ProposalSampler(perBin: perBin)
    }

    /// Runs the analysis of every head of every model of `models` on the same proposals of
    /// `imageFiles` (matched to `groundTruth`'s images by file name): sampled around each
    /// ground-truth box, or the first model's RPN proposals, which the other models' heads
    /// then see as given proposals. Only ground-truth boxes of classes every model knows (by
    /// name) are used.
    ///
    /// - Parameters:
    ///   - groundTruthPath: names the ground truth in messages.
    ///   - progress: called after each ground-truth image.
    ///   - warn: called with one line per image that cannot be decoded (it is skipped).
    /// - Throws: ``HeadAnalysisError/nothingToAnalyse(_:)`` when no proposal could be analysed,
    ///   ``HeadAnalysisError/detectorFailed(file:reason:)`` when a detector fails.
    public func run(models: [Model], groundTruth truth: GroundTruth, groundTruthPath: String,
                    imageFiles: [String], progress: (Progress) -> Void = { _ in },
                    warn: (String) -> Void = { _ in }) throws(HeadAnalysisError) -> Outcome {
        let mappings = models.map { ClassMapping(datasetNames: truth.classNames, modelNames: $0.detector.config.classNames) }
        let leftOut = truth.classNames.filter { name in mappings.contains { $0.modelIndex(of: name) == nil } }
        var pathByName: [String: String] = [:]
        for file in imageFiles where pathByName[(file as NSString).lastPathComponent] == nil {
            pathByName[(file as NSString).lastPathComponent] = file
        }
        var samples = HeadSamples()
        var notFound: [String] = []
        var analysed = 0
        var withoutBoxes = 0
        for (n, image) in truth.images.enumerated() {
            defer { progress(Progress(imagesDone: n + 1, imageCount: truth.images.count, samples: samples.count)) }
            guard let path = pathByName[image.fileName] else {
                notFound.append(image.fileName)
                continue
            }
            let objects = image.objects.filter { object in
                !object.isCrowd && mappings.allSatisfy { $0.modelIndex(of: object.className) != nil }
            }
            guard !objects.isEmpty else {
                withoutBoxes += 1
                continue
            }
            let targets = objects.map { object in
                Target(box: object.box, labels: mappings.map { $0.modelIndex(of: object.className) ?? -1 })
            }
            let picture: RGBImage
            do {
                picture = try ImageDecoder().decodeRGB(contentsOf: path)
            } catch {
                warn("\(error); skipped")
                continue
            }
            do {
                samples.append(try analyse(picture, targets: targets, imageIndex: n, models: models))
            } catch {
                throw .detectorFailed(file: path, reason: "\(error)")
            }
            analysed += 1
        }
        guard samples.count > 0 else {
            throw .nothingToAnalyse(Self.emptyReason(truth: truth, groundTruthPath: groundTruthPath, notFound: notFound.count,
                                                      withoutBoxes: withoutBoxes, mappings: mappings))
        }
        return Outcome(report: HeadAnalysisReport(samples: samples, edges: sampler.binEdges), samples: samples,
                       imagesAnalysed: analysed, imagesNotFound: notFound, classesLeftOut: leftOut)
    }

    /// A ground-truth box and its class's index in each model.
    private struct Target {
        var box: Box
        var labels: [Int]
    }

    /// The samples of one image, every model's heads on the same proposals.
    private func analyse(_ picture: RGBImage, targets: [Target], imageIndex n: Int, models: [Model]) throws -> HeadSamples {
        guard let first = models.first else { return HeadSamples() }
        // RoI i of every model's analysis is drawn around (or matched to) targets[owners[i]].
        var proposals: [Box] = [], owners: [Int] = []
        // With RPN proposals, the first model's run already holds its heads' outputs.
        var firstRun: (analysis: RawAnalysis, rois: [Int])?
        switch source {
        case .sampled:
            for (j, t) in targets.enumerated() {
                for box in sampler.samples(around: t.box, seed: UInt64(n) << 20 | UInt64(j)) {
                    proposals.append(box)
                    owners.append(j)
                }
            }
        case .rpn:
            let analysis = try first.detector.analyze(picture)
            let matched = HeadAnalysis.matchProposals(analysis, truth: targets.map(\.box), minimumIoU: sampler.binEdges.first ?? 0.5)
            proposals = matched.map { analysis.proposals[$0.roi] }
            owners = matched.map(\.truth)
            firstRun = (analysis, matched.map(\.roi))
        }
        guard !proposals.isEmpty else { return HeadSamples() }
        var columns: [HeadColumn] = []
        var proposalIoUs: [Double] = []
        for (k, model) in models.enumerated() {
            let reused = k == 0 ? firstRun : nil
            let analysis = try reused?.analysis ?? model.detector.analyze(picture, givenProposals: proposals)
            let rois = reused?.rois ?? Array(0..<proposals.count)
            let matched = zip(rois, owners).map { (roi: $0, box: targets[$1].box, label: targets[$1].labels[k]) }
            let own = HeadAnalysis.samples(analysis, matched: matched, model: model.name, layout: model.detector.config.layout)
            guard own.count == proposals.count else {
                throw HeadAnalysisError.detectorFailed(file: model.name, reason: "\(own.count) of \(proposals.count) proposals analysed")
            }
            if k == 0 { proposalIoUs = own.proposalIoUs }
            columns += own.columns
        }
        return HeadSamples(proposalIoUs: proposalIoUs, columns: columns)
    }

    private static func emptyReason(truth: GroundTruth, groundTruthPath: String, notFound: Int, withoutBoxes: Int,
                                    mappings: [ClassMapping]) -> String {
        if truth.images.isEmpty { return "\(groundTruthPath) lists no images" }
        if notFound == truth.images.count {
            return "none of the \(truth.images.count) images of \(groundTruthPath) is among the images given"
                + " (images are matched by file name)"
        }
        if withoutBoxes + notFound == truth.images.count {
            let models = mappings.count > 1 ? "every model" : "the model"
            return "the images found have no ground-truth boxes of a class \(models) knows"
                + (mappings.contains { $0.modelIndexByName.isEmpty }
                    ? " (no class of \(groundTruthPath) matches \(mappings.count > 1 ? "a" : "the") model's by name)" : "")
        }
        return "no proposal reached an IoU of at least 0.5 with the ground truth"
    }
}
