import Compute
import Detector
import Testing
@testable import Store

/// What an entry keeps, at what precision, in how many bytes, and how damage is reported.
struct EntryCodecTests {
    static let settings = PostProcessSettings(scoreThreshold: 0.05, nmsIoU: 0.5, maxPerImage: 100)

    @Test(arguments: [SyntheticAnalysis.Scores.trained, .spread])
    func eightyClassesAndAThousandRoIsFitTheBudget(_ scores: SyntheticAnalysis.Scores) throws {
        let analysis = SyntheticAnalysis.make(scores: scores)
        let (bytes, entry) = EntryCodec.encode(analysis, settings: Self.settings)
        #expect(bytes.count <= 512 * 1024, "\(scores): \(bytes.count) bytes")
        print("store entry, 80 classes x 1000 RoIs, \(scores) scores: \(bytes.count) bytes")
        let decoded = try EntryCodec.decode(bytes)
        #expect(decoded.summary == entry.summary)

        // Scores within 7.7e-6 (16-bit fixed point), proposals and levels exact.
        #expect(maxDifference(decoded.analysis.fcScores, analysis.fcScores) <= 0.5 / 65535 + 1e-7)
        #expect(maxDifference(decoded.analysis.convScores ?? [], analysis.convScores ?? []) <= 0.5 / 65535 + 1e-7)
        #expect(decoded.analysis.resizedProposals == analysis.resizedProposals)
        #expect(decoded.analysis.proposals == analysis.proposals)
        #expect(decoded.analysis.objectness == analysis.objectness)
        #expect(decoded.analysis.proposalLevels == analysis.proposalLevels)
        #expect(decoded.analysis.roiLevels == analysis.roiLevels)

        // Kept deltas within 3.8e-6; the others read as 0; every class a variant's
        // post-processing can use is kept.
        let kept = AnalysisCodec.keptClasses(fc: decoded.analysis.fcScores, conv: decoded.analysis.convScores,
                                             roiCount: 1000, classCount: 80, regressionClasses: 80, threshold: 0.05)
        var worst: Float = 0
        var zeros = true
        for i in 0..<1000 {
            let keptSet = Set(kept[i])
            for c in 0..<80 {
                for j in 0..<4 {
                    let o = (i * 80 + c) * 4 + j
                    if keptSet.contains(c) {
                        worst = max(worst, abs((decoded.analysis.convDeltas?[o] ?? 0) - (analysis.convDeltas?[o] ?? 0)))
                        worst = max(worst, abs((decoded.analysis.fcDeltas?[o] ?? 0) - (analysis.fcDeltas?[o] ?? 0)))
                    } else if decoded.analysis.convDeltas?[o] != 0 || decoded.analysis.fcDeltas?[o] != 0 {
                        zeros = false
                    }
                }
                let fused = HeadVariant.fusedScore(decoded.analysis.fcScores[i * 81 + c], decoded.analysis.convScores?[i * 81 + c] ?? 0)
                if fused > 0.05 { #expect(keptSet.contains(c), "RoI \(i) class \(c) passes but lost its deltas") }
            }
        }
        #expect(worst <= 4e-6, "kept deltas differ by \(worst)")
        #expect(zeros)

        // Every variant's detections from the decoded analysis equal the stored ones, and
        // match the network's outputs within the parity tolerances.
        #expect(analysis.availableVariants.count == 5)
        for variant in analysis.availableVariants {
            let again = try PostProcessor.detections(decoded.analysis, variant: variant, settings: Self.settings)
            #expect(again == decoded.summary.detections[variant])
            let exact = try PostProcessor.detections(analysis, variant: variant, settings: Self.settings)
            #expect(again.count == exact.count, "\(variant)")
            // Scores 7.7e-6 apart may swap places (and so NMS's choice between two boxes):
            // each exact detection must have its twin, except where such a near tie decides.
            let unmatched = exact.filter { e in
                !again.contains { $0.label == e.label && $0.roi == e.roi && abs($0.score - e.score) <= 1e-4
                    && maxDifference($0.box.values, e.box.values) <= 1e-2 }
            }
            let ties = unmatched.filter { u in exact.contains { $0.roi != u.roi && abs($0.score - u.score) <= 2e-5 } }
            #expect(unmatched.count == ties.count, "\(variant): \(unmatched.count - ties.count) detections lost without a tie")
        }
    }

    @Test func theSummaryIsReadFromTheFrontAlone() throws {
        let analysis = SyntheticAnalysis.make(classes: 3, rois: 50, scores: .spread)
        let (bytes, entry) = EntryCodec.encode(analysis, settings: Self.settings)
        let sizes = try EntryCodec.sectionSizes(header: Array(bytes.prefix(EntryCodec.headerSize)))
        let front = Array(bytes.prefix(EntryCodec.headerSize + sizes.summary))
        #expect(try EntryCodec.summary(from: front) == entry.summary)
        #expect(entry.summary.detections.keys.count == 5)
    }

    /// Every cut and a flipped bit in every region are damage with a reason, never a crash
    /// or a wrong analysis.
    @Test func damageIsNamed() throws {
        let analysis = SyntheticAnalysis.make(classes: 3, rois: 40, scores: .spread)
        let bytes = EntryCodec.encode(analysis, settings: Self.settings).bytes
        for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 97)) {
            #expect(throws: EntryDamage.self, "cut at \(cut)") { try EntryCodec.decode(Array(bytes.prefix(cut))) }
        }
        for position in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 61)) {
            var flipped = bytes
            flipped[position] ^= 0x10
            #expect(throws: EntryDamage.self, "bit flipped at \(position)") { try EntryCodec.decode(flipped) }
        }
        #expect(throws: EntryDamage.notAnEntry) { try EntryCodec.decode(Array("not an entry at all, just text.....".utf8)) }
        var later = bytes
        later[8] = 9
        #expect(throws: EntryDamage.unknownVersion(9)) { try EntryCodec.decode(later) }
    }

    @Test func aLowerThresholdThanKeptCannotBeServed() throws {
        let entry = EntryCodec.encode(SyntheticAnalysis.make(classes: 3, rois: 10, scores: .trained), settings: Self.settings).entry
        #expect(entry.summary.canServe(PostProcessSettings(scoreThreshold: 0.3, nmsIoU: 0.5, maxPerImage: 100)))
        #expect(!entry.summary.canServe(PostProcessSettings(scoreThreshold: 0.01, nmsIoU: 0.5, maxPerImage: 100)))
    }
}

func maxDifference<A: Collection, B: Collection>(_ a: A, _ b: B) -> Float where A.Element == Float, B.Element == Float {
    guard a.count == b.count else { return .infinity }
    return zip(a, b).map { abs($0 - $1) }.max() ?? 0
}
