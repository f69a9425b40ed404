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
        public var samples: [HeadAnalysisSample]
        /// Ground-truth images analysed (found, decoded, with boxes of the model's classes).
        public var imagesAnalysed: Int
        /// Ground-truth images not found among the image files.
        public var imagesNotFound: [String]
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

    /// Runs the analysis on `imageFiles` (matched to `groundTruth`'s images by file name).
    ///
    /// - Parameters:
    ///   - groundTruthPath: names the ground truth in messages.
    ///   - progress: called after each ground-truth image.
    ///   - warn: called with one line per image that cannot be decoded (it is skipped).
    /// - Throws: ``HeadAnalysisError/nothingToAnalyse(_:)`` when no proposal could be analysed,
    ///   ``HeadAnalysisError/detectorFailed(file:reason:)`` when the detector fails,
    ///   ``HeadAnalysisError/singleHead(layout:)`` for a model with one head.
    public func run(detector: DoubleHeadDetector, groundTruth truth: GroundTruth, groundTruthPath: String,
                    imageFiles: [String], progress: (Progress) -> Void = { _ in },
                    warn: (String) -> Void = { _ in }) throws(HeadAnalysisError) -> Outcome {
        guard detector.config.layout.isDoubleHead else { throw .singleHead(layout: detector.config.layout.title) }
        let mapping = ClassMapping(datasetNames: truth.classNames, modelNames: detector.config.classNames)
        var pathByName: [String: String] = [:]
        for file in imageFiles where pathByName[(file as NSString).lastPathComponent] == nil {
            pathByName[(file as NSString).lastPathComponent] = file
        }
        var samples: [HeadAnalysisSample] = []
        var notFound: [String] = []
        var analysed = 0
        var withoutBoxes = 0
        for (n, image) in truth.images.enumerated() {
            defer { progress(Progress(imagesDone: n + 1, imageCount: truth.images.count, samples: samples.count)) }
            guard let path = pathByName[image.fileName] else {
                notFound.append(image.fileName)
                continue
            }
            let truthBoxes = image.objects.filter { !$0.isCrowd }.compactMap { object in
                mapping.modelIndex(of: object.className).map { (box: object.box, label: $0) }
            }
            guard !truthBoxes.isEmpty else {
                withoutBoxes += 1
                continue
            }
            let picture: RGBImage
            do {
                picture = try ImageDecoder().decodeRGB(contentsOf: path)
            } catch {
                warn("\(error); skipped")
                continue
            }
            do {
                samples += try analyse(picture, truthBoxes: truthBoxes, imageIndex: n, detector: detector)
            } catch {
                throw .detectorFailed(file: path, reason: "\(error)")
            }
            analysed += 1
        }
        guard !samples.isEmpty else {
            throw .nothingToAnalyse(Self.emptyReason(truth: truth, groundTruthPath: groundTruthPath, notFound: notFound.count,
                                                      withoutBoxes: withoutBoxes, mapping: mapping))
        }
        return Outcome(report: HeadAnalysisReport(samples: samples, edges: sampler.binEdges), samples: samples,
                       imagesAnalysed: analysed, imagesNotFound: notFound)
    }

    /// The samples of one image.
    private func analyse(_ picture: RGBImage, truthBoxes: [(box: Box, label: Int)], imageIndex n: Int,
                         detector: DoubleHeadDetector) throws -> [HeadAnalysisSample] {
        switch source {
        case .sampled:
            var boxes: [Box] = [], targets: [(box: Box, label: Int)] = []
            for (j, t) in truthBoxes.enumerated() {
                for box in sampler.samples(around: t.box, seed: UInt64(n) << 20 | UInt64(j)) {
                    boxes.append(box)
                    targets.append(t)
                }
            }
            guard !boxes.isEmpty else { return [] }
            let analysis = try detector.analyze(picture, givenProposals: boxes)
            return HeadAnalysis.samples(analysis, targets: targets)
        case .rpn:
            let analysis = try detector.analyze(picture)
            let matched = HeadAnalysis.matchProposals(analysis, truth: truthBoxes, minimumIoU: sampler.binEdges.first ?? 0.5)
            return HeadAnalysis.samples(analysis, matched: matched)
        }
    }

    private static func emptyReason(truth: GroundTruth, groundTruthPath: String, notFound: Int, withoutBoxes: Int,
                                    mapping: ClassMapping) -> String {
        if truth.images.isEmpty { return "\(groundTruthPath) lists no images" }
        if notFound == truth.images.count {
            return "none of the \(truth.images.count) images of \(groundTruthPath) is among the images given"
                + " (images are matched by file name)"
        }
        if withoutBoxes + notFound == truth.images.count {
            return "the images found have no ground-truth boxes of a class the model knows"
                + (mapping.modelIndexByName.isEmpty ? " (no class of \(groundTruthPath) matches the model's by name)" : "")
        }
        return "no proposal reached an IoU of at least 0.5 with the ground truth"
    }
}
