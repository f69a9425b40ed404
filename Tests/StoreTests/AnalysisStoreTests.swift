import Detector
import Foundation
import TestSupport
import Testing
@testable import Store

/// The store's folder: creation, refusal of other folders, repair of damage, entries by
/// content, settings, merging.
struct AnalysisStoreTests {
    static let settings = PostProcessSettings(scoreThreshold: 0.05, nmsIoU: 0.5, maxPerImage: 100)
    static let model = String(repeating: "a", count: 64), image = String(repeating: "b", count: 64)

    final class Notices: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        func add(_ line: String) { lock.withLock { lines.append(line) } }
        var all: [String] { lock.withLock { lines } }
    }

    @Test func createsAFolderAndRefusesOneThatHoldsOtherThings() throws {
        let folder = try TemporaryFolder("dhscope-store")
        let store = try AnalysisStore.open(at: folder.file("new/store"))
        #expect(FileManager.default.fileExists(atPath: folder.file("new/store/store.json")))
        #expect(store.models().isEmpty)
        try folder.write("my notes", to: "home/notes.txt")
        #expect(throws: StoreError.notAStore(path: folder.file("home"))) { try AnalysisStore.open(at: folder.file("home")) }
        try folder.write("{\"format\": \"dhscope-store\", \"version\": 99}", to: "later/store.json")
        #expect(throws: StoreError.newerFormat(path: folder.file("later"), version: 99)) { try AnalysisStore.open(at: folder.file("later")) }
    }

    @Test func aDamagedMarkerIsRewrittenWithANotice() throws {
        let folder = try TemporaryFolder("dhscope-store")
        try folder.write("{\"format\": \"dhsc", to: "s/store.json")
        let notices = Notices()
        _ = try AnalysisStore.open(at: folder.file("s"), notice: notices.add)
        #expect(notices.all.count == 1 && notices.all[0].contains("store.json: damaged"))
        let text = try String(contentsOfFile: folder.file("s/store.json"), encoding: .utf8)
        #expect(text.contains("\"dhscope-store\""))
    }

    @Test func entriesRoundTripAndDamagedOnesAreRemovedWithANotice() throws {
        let folder = try TemporaryFolder("dhscope-store")
        let notices = Notices()
        let store = try AnalysisStore.open(at: folder.path, notice: notices.add)
        let (bytes, entry) = EntryCodec.encode(SyntheticAnalysis.make(classes: 3, rois: 30, scores: .trained), settings: Self.settings)
        try store.write(bytes, model: Self.model, image: Self.image)
        #expect(store.models() == [Self.model])
        #expect(store.images(model: Self.model) == [Self.image])
        #expect(store.summary(model: Self.model, image: Self.image) == entry.summary)
        #expect(store.entry(model: Self.model, image: Self.image)?.analysis.fcScores == entry.analysis.fcScores)

        // Cut the file short: reading it reports, deletes, and answers "not stored".
        let path = store.entryPath(model: Self.model, image: Self.image)
        try Data(bytes.prefix(bytes.count / 2)).write(to: URL(fileURLWithPath: path))
        #expect(store.entry(model: Self.model, image: Self.image) == nil)
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(notices.all.count == 1 && notices.all[0].contains("damaged store entry") && notices.all[0].contains(path))
        // No temporary files are left behind by writes.
        let leftovers = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".tmp") }
        #expect(leftovers == [])
    }

    @Test func otherSettingsArePostProcessedAgainWithoutTheNetwork() throws {
        let folder = try TemporaryFolder("dhscope-store")
        let store = try AnalysisStore.open(at: folder.path)
        let analysis = SyntheticAnalysis.make(classes: 3, rois: 60, scores: .spread)
        let (bytes, entry) = EntryCodec.encode(analysis, settings: Self.settings)
        try store.write(bytes, model: Self.model, image: Self.image)
        let stricter = PostProcessSettings(scoreThreshold: 0.3, nmsIoU: 0.3, maxPerImage: 7)
        let shelf = ModelShelf(store: store, model: Self.model, settings: stricter)
        let summary = try #require(shelf.summary(image: Self.image))
        #expect(summary.settings == stricter)
        #expect(entry.analysis.availableVariants.count == 5)
        for variant in entry.analysis.availableVariants {
            #expect(summary.detections[variant] == (try PostProcessor.detections(entry.analysis, variant: variant, settings: stricter)))
            #expect((summary.detections[variant]?.count ?? 0) <= 7)
        }
        // Rewritten: the next read needs no re-run.
        #expect(store.summary(model: Self.model, image: Self.image)?.settings == stricter)
        // A lower threshold than the deltas were kept for cannot be served.
        let looser = ModelShelf(store: store, model: Self.model, settings: PostProcessSettings(scoreThreshold: 0.01, nmsIoU: 0.5, maxPerImage: 100))
        #expect(looser.summary(image: Self.image) == nil)
    }

    @Test func digestsFollowTheContentNotThePath() throws {
        let folder = try TemporaryFolder("dhscope-store")
        let store = try AnalysisStore.open(at: folder.file("store"))
        let a = try folder.write("first", to: "a.png")
        let first = try store.digests.digest(ofFileAt: a)
        #expect(first == SHA256.hex(of: Array("first".utf8)))
        let copy = try folder.write("first", to: "b.png")
        #expect(try store.digests.digest(ofFileAt: copy) == first)
        // Changed content (and size): a new digest, also through a fresh store's memory.
        try folder.write("second!", to: "a.png")
        #expect(try store.digests.digest(ofFileAt: a) == SHA256.hex(of: Array("second!".utf8)))
        let reopened = try AnalysisStore.open(at: folder.file("store"))
        #expect(try reopened.digests.digest(ofFileAt: a) == SHA256.hex(of: Array("second!".utf8)))
        #expect(throws: StoreError.self) { try store.digests.digest(ofFileAt: folder.file("missing.png")) }
    }

    @Test func mergeCopiesWhatIsMissingAndSkipsDamage() throws {
        let folder = try TemporaryFolder("dhscope-store")
        let a = try AnalysisStore.open(at: folder.file("a")), b = try AnalysisStore.open(at: folder.file("b"))
        let images = (0..<4).map { String(repeating: "\($0)", count: 64) }
        var expected: [String: StoreSummary] = [:]
        for (i, image) in images.enumerated() {
            let (bytes, entry) = EntryCodec.encode(SyntheticAnalysis.make(classes: 3, rois: 20, scores: .trained, seed: UInt64(i)),
                                                   settings: Self.settings)
            try (i % 2 == 0 ? a : b).write(bytes, model: Self.model, image: image)
            if i == 3 { try a.write(bytes, model: Self.model, image: image) }
            expected[image] = entry.summary
        }
        // A damaged entry in b is skipped and named.
        let broken = String(repeating: "9", count: 64)
        try b.write(Array("DHSENTRY garbage".utf8), model: Self.model, image: broken)

        let c = try AnalysisStore.open(at: folder.file("c"))
        var report = StoreMerge.Report()
        try StoreMerge(into: c).merge(a, report: &report)
        try StoreMerge(into: c).merge(b, report: &report)
        #expect(report.copied == 4 && report.alreadyPresent == 1 && report.damaged.count == 1)
        #expect(report.damaged.first?.contains(broken) == true)
        #expect(Set(c.images(model: Self.model)) == Set(images))
        for image in images { #expect(c.summary(model: Self.model, image: image) == expected[image]) }
        // The sources are untouched.
        #expect(Set(a.images(model: Self.model)) == [images[0], images[2], images[3]])
    }
}
