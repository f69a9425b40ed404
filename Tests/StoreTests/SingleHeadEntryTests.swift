import Compute
import Detector
import Testing
@testable import Store

/// Entries of single-head models (the Faster R-CNN baselines: no conv deltas) and of
/// torchvision's convention keep both facts, and every entry without them reads as before.
struct SingleHeadEntryTests {
    static let settings = PostProcessSettings(scoreThreshold: 0.05, nmsIoU: 0.5, maxPerImage: 100)

    /// A synthetic Ext analysis reduced to one head's outputs, under `convention`.
    static func singleHead(_ convention: DetectionConvention) -> RawAnalysis {
        let a = SyntheticAnalysis.make(classes: 5, rois: 80, scores: .spread)
        return RawAnalysis(imageWidth: a.imageWidth, imageHeight: a.imageHeight, resizedWidth: a.resizedWidth,
                           resizedHeight: a.resizedHeight, scaleX: a.scaleX, scaleY: a.scaleY, numClasses: a.numClasses,
                           regressionClasses: a.regressionClasses, targetStds: a.targetStds, targetMeans: a.targetMeans,
                           convention: convention, proposals: a.proposals, resizedProposals: a.resizedProposals,
                           objectness: a.objectness, proposalLevels: a.proposalLevels, roiLevels: a.roiLevels,
                           fcScores: a.fcScores, convDeltas: nil, convScores: nil, fcDeltas: a.fcDeltas, timings: [])
    }

    @Test(arguments: DetectionConvention.allCases)
    func singleHeadEntriesRoundTrip(_ convention: DetectionConvention) throws {
        let analysis = Self.singleHead(convention)
        #expect(analysis.availableVariants == [.fc2])
        let (bytes, entry) = EntryCodec.encode(analysis, settings: Self.settings)
        let decoded = try EntryCodec.decode(bytes)
        #expect(decoded.analysis.convDeltas == nil && decoded.analysis.convScores == nil)
        #expect(decoded.analysis.convention == convention)
        #expect(Array(decoded.summary.detections.keys) == [.fc2])
        let again = try PostProcessor.detections(decoded.analysis, variant: .fc2, settings: Self.settings)
        #expect(again == decoded.summary.detections[.fc2] && again == entry.summary.detections[.fc2])
        let exact = try PostProcessor.detections(analysis, variant: .fc2, settings: Self.settings)
        #expect(again.count == exact.count && !exact.isEmpty)
        for (a, e) in zip(again, exact) {
            #expect(a.label == e.label && a.roi == e.roi && abs(a.score - e.score) <= 1e-4)
            #expect(maxDifference(a.box.values, e.box.values) <= 1e-2)
        }
    }

    /// The flags byte follows the header (7 counts, 2 scales, 8 target numbers): an entry
    /// that says it has neither conv nor fc deltas is damaged, not an empty model.
    @Test func anAnalysisWithoutDeltasIsDamage() throws {
        var raw = AnalysisCodec.encode(Self.singleHead(.mmdetection), keepThreshold: 0.05).bytes
        let flags = 7 * 4 + 2 * 8 + 8 * 4
        #expect(raw[flags] & 8 != 0 && raw[flags] & 16 != 0)
        raw[flags] &= ~8
        #expect(throws: EntryDamage.implausible("an analysis without deltas")) { try AnalysisCodec.decode(raw) }
    }
}
