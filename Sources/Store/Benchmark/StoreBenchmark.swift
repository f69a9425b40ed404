import Detector
import Foundation

/// What the dataset debugger waits for from the store, at a chosen scale (`dhscope bench
/// store`): every entry's detections (the dataset views), one whole entry (opening an image,
/// a jump to an error), post-processing every variant from it, writing an entry, and hashing.
public enum StoreBenchmark {
    /// The figures of one run (milliseconds unless named otherwise; medians of the rounds).
    public struct Report: Sendable, Encodable {
        public var images: Int
        public var classes: Int
        public var rois: Int
        public var scores: String
        public var entryBytesMean: Int
        public var entryBytesMax: Int
        /// Every entry's summary (all variants' detections), read in one pass.
        public var allSummariesMs: Double
        public var summaryPerImageUs: Double
        /// One whole entry read and decoded.
        public var entryReadMs: Double
        /// Every variant's post-processing of a decoded entry.
        public var postProcessAllVariantsMs: Double
        /// One entry encoded and written (what analysing adds besides the network).
        public var entryWriteMs: Double
        /// SHA-256 of a file in memory, MB/s.
        public var sha256MBPerSecond: Double

        public var text: String {
            String(format: """
                store of %d images, %d classes, %d RoIs (%@ scores): entries %d KB mean, %d KB max
                  every image's detections (all variants)  %8.1f ms  (%.0f us per image)
                  one whole entry read and decoded         %8.2f ms
                  every variant post-processed from it     %8.2f ms
                  one entry encoded and written            %8.2f ms
                  SHA-256                                  %8.0f MB/s
                """, images, classes, rois, scores, entryBytesMean / 1024, entryBytesMax / 1024, allSummariesMs, summaryPerImageUs,
                entryReadMs, postProcessAllVariantsMs, entryWriteMs, sha256MBPerSecond)
        }
    }

    /// Fills `folder` with `images` synthetic entries when it lacks them (kept for the next
    /// run), then times.
    public static func run(folder: String, images: Int, classes: Int, rois: Int, scores: SyntheticAnalysis.Scores,
                           rounds: Int, progress: (Int) -> Void = { _ in }) throws(StoreError) -> Report {
        let store = try AnalysisStore.open(at: folder)
        let settings = PostProcessSettings(scoreThreshold: 0.05, nmsIoU: 0.5, maxPerImage: 100)
        let model = SHA256.hex(of: Array("bench \(classes) \(rois) \(scores.rawValue)".utf8))
        let keys = (0..<images).map { SHA256.hex(of: Array("image \($0)".utf8)) }
        var writes: [Double] = []
        // A handful of distinct analyses, written under every key: the files are real, the
        // encoding cost is measured on the first few.
        let variety = (0..<min(8, images)).map { SyntheticAnalysis.make(classes: classes, rois: rois, scores: scores, seed: UInt64($0)) }
        var encoded: [[UInt8]] = []
        for (i, key) in keys.enumerated() where !FileManager.default.fileExists(atPath: store.entryPath(model: model, image: key)) {
            if encoded.count < variety.count {
                let start = Date()
                let bytes = EntryCodec.encode(variety[encoded.count], settings: settings).bytes
                try store.write(bytes, model: model, image: key)
                writes.append(Date().timeIntervalSince(start) * 1000)
                encoded.append(bytes)
            } else {
                try store.write(encoded[i % encoded.count], model: model, image: key)
            }
            if i % 500 == 0 { progress(i) }
        }
        if writes.isEmpty, let first = variety.first {
            for _ in 0..<3 {
                let start = Date()
                let bytes = EntryCodec.encode(first, settings: settings).bytes
                try store.write(bytes, model: model, image: keys[0])
                writes.append(Date().timeIntervalSince(start) * 1000)
            }
        }
        let sizes = keys.map { AnalysisStore.fileSize(store.entryPath(model: model, image: $0)) }

        var all: [Double] = [], reads: [Double] = [], posts: [Double] = []
        for _ in 0..<max(1, rounds) {
            var start = Date()
            var found = 0
            for key in keys where store.summary(model: model, image: key) != nil { found += 1 }
            all.append(Date().timeIntervalSince(start) * 1000)
            // A store that lost entries (another run cleaning $TMPDIR) is refilled next run.
            if found < keys.count { throw .unreadable(path: folder, reason: "\(keys.count - found) entries missing; run again to refill") }
            let key = keys[keys.count / 2]
            start = Date()
            let entry = store.entry(model: model, image: key)
            reads.append(Date().timeIntervalSince(start) * 1000)
            if let analysis = entry?.analysis {
                start = Date()
                _ = EntryCodec.detections(of: analysis, settings: settings)
                posts.append(Date().timeIntervalSince(start) * 1000)
            }
        }

        let buffer = [UInt8](repeating: 0x5A, count: 64 << 20)
        let start = Date()
        _ = SHA256.hex(of: buffer)
        let sha = Double(buffer.count) / 1e6 / Date().timeIntervalSince(start)

        func median(_ values: [Double]) -> Double { values.isEmpty ? 0 : values.sorted()[values.count / 2] }
        let allMs = median(all)
        return Report(images: images, classes: classes, rois: rois, scores: scores.rawValue,
                      entryBytesMean: sizes.isEmpty ? 0 : sizes.reduce(0, +) / sizes.count, entryBytesMax: sizes.max() ?? 0,
                      allSummariesMs: allMs, summaryPerImageUs: images == 0 ? 0 : allMs * 1000 / Double(images),
                      entryReadMs: median(reads), postProcessAllVariantsMs: median(posts), entryWriteMs: median(writes),
                      sha256MBPerSecond: sha)
    }
}
