import Compute
import Detector
import Dispatch
import Evaluation
import Foundation
import Store
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How long the browser's ``DatasetReview`` takes to build, and one next-error step, as
/// `dhscope bench review` reports them: COCO results files stand for what the detector found
/// (one per head variant, or variants derived from one by a deterministic perturbation of
/// scores and boxes), every image counts as analysed, and the review is built `rounds` times.
public struct ReviewBenchmark: Sendable {
    /// The COCO ground truth; every image of it counts as analysed.
    public let groundTruth: COCODataset
    /// Each variant's results, in `HeadVariant.allCases` order.
    public let variants: [(variant: HeadVariant, detections: [COCODetection])]
    /// Builds timed (the medians are reported), 1 or more (fewer count as 1).
    public var rounds: Int
    /// Next-error steps timed.
    public var lookups: Int
    /// When given, every image's detections are written to this store once (kept for the next
    /// run) and read back from it before each build, as the browser reads a dataset it has
    /// analysed before.
    public var store: AnalysisStore?

    /// One variant per results set, named after `HeadVariant.allCases` in order (at most five).
    public init(groundTruth: COCODataset, results: [[COCODetection]], rounds: Int = 3, lookups: Int = 1000) {
        self.groundTruth = groundTruth
        variants = Array(zip(HeadVariant.allCases, results).map { ($0, $1) })
        self.rounds = rounds
        self.lookups = lookups
    }

    /// `count` variants (at most five) from one results set: the first as given, each other
    /// with every score scaled by a factor in [0.75, 1.25) (kept in (0, 1]) and every box moved
    /// and resized by up to 8 % of its size, from a seeded generator (the same every run).
    public static func derivedVariants(_ results: [COCODetection], count: Int) -> [[COCODetection]] {
        (0..<max(1, min(count, HeadVariant.allCases.count))).map { k in
            guard k > 0 else { return results }
            var random = SplitMix(seed: 0x5EED_0000 + UInt64(k))
            return results.map { d in
                var out = d
                out.score = min(1, max(0.001, d.score * random.uniform(0.75, 1.25)))
                let b = d.bbox
                out.bbox = COCOBox(x: b.x + b.width * random.uniform(-0.08, 0.08), y: b.y + b.height * random.uniform(-0.08, 0.08),
                                   width: b.width * random.uniform(0.92, 1.08), height: b.height * random.uniform(0.92, 1.08))
                return out
            }
        }
    }

    /// Builds the review `rounds` times, then times `lookups` next-error steps on the last.
    public func run() -> ReviewBenchmarkReport {
        let truth = GroundTruth(coco: groundTruth)
        let classIndex = Dictionary(groundTruth.categories.sorted { $0.id < $1.id }.enumerated().map { ($1.id, $0) },
                                    uniquingKeysWith: { a, _ in a })
        var position: [Int: Int] = [:]
        for (i, image) in groundTruth.images.enumerated() where position[image.id] == nil { position[image.id] = i }
        var detections = DatasetDetections(imagePaths: truth.images.map(\.fileName))
        for (variant, results) in variants {
            var perImage = [[Detection]](repeating: [], count: groundTruth.images.count)
            for d in results {
                guard let m = position[d.imageID], let label = classIndex[d.categoryID] else { continue }
                perImage[m].append(Detection(label: label, score: Float(d.score), box: d.bbox.corners, roi: perImage[m].count))
            }
            for (m, list) in perImage.enumerated() { detections.setDetections(list, ofImage: m, variant: variant) }
        }
        var walls: [Double] = []
        var cpu: [Double] = []
        var timings: [DatasetReviewTimings] = []
        var review: DatasetReview?
        var storeReads: [Double] = []
        let keyed = store.map { fill($0, from: detections) }
        for _ in 0..<max(1, rounds) {
            if let (store, model, keys) = keyed {
                let start = DispatchTime.now().uptimeNanoseconds
                var read = DatasetDetections(imagePaths: detections.imagePaths)
                for (m, key) in keys.enumerated() {
                    guard let summary = store.summary(model: model, image: key) else { continue }
                    for (variant, list) in summary.detections { read.setDetections(list, ofImage: m, variant: variant) }
                }
                storeReads.append(Self.milliseconds(since: start))
                detections = read
            }
            let start = DispatchTime.now().uptimeNanoseconds
            let cpuStart = Self.cpuMilliseconds()
            let built = DatasetReview(detections: detections, groundTruth: truth, modelClassNames: truth.classNames,
                                      variants: variants.map(\.variant))
            walls.append(Self.milliseconds(since: start))
            cpu.append(Self.cpuMilliseconds() - cpuStart)
            timings.append(built.timings)
            review = built
        }
        let lookupTimes = review.map(timeLookups) ?? (navigator: 0, total: 0, found: 0)
        func median(_ part: (DatasetReviewTimings) -> Double) -> Double { timings.map { part($0) * 1000 }.median ?? 0 }
        return ReviewBenchmarkReport(
            images: groundTruth.images.count, objects: groundTruth.annotations.count,
            detections: variants.map(\.detections.count), variants: variants.map(\.variant.rawValue),
            threads: Parallel.coreCount, rounds: walls.count, buildMilliseconds: walls.median ?? 0,
            buildCPUMilliseconds: cpu.median ?? 0,
            toCOCOMilliseconds: median(\.toCOCO), evaluationMilliseconds: median(\.evaluation),
            labelMappingMilliseconds: median(\.labelMapping),
            partsMilliseconds: [
                "coco_eval": median(\.parts.cocoEval), "image_ap": median(\.parts.imageAP), "tide": median(\.parts.tide),
                "class_tide": median(\.parts.classTIDE), "confusion": median(\.parts.confusion),
            ],
            navigatorMilliseconds: lookupTimes.navigator, lookups: lookups, lookupMilliseconds: lookupTimes.total,
            lookupsFound: lookupTimes.found,
            ap: review?.reviews.map { $0.evaluation.report.statsList.first ?? -1 } ?? [],
            storeReadMilliseconds: store == nil ? nil : storeReads.median)
    }

    /// Writes every image's detections (all variants) into `store` under a model key of its own,
    /// skipping entries already there; the entries hold an analysis of no RoIs.
    private func fill(_ store: AnalysisStore, from detections: DatasetDetections) -> (AnalysisStore, String, [String]) {
        let model = SHA256.hex(of: Array("review bench \(variants.map(\.variant.rawValue))".utf8))
        let keys = detections.imagePaths.map { SHA256.hex(of: Array("review bench image \($0)".utf8)) }
        let settings = PostProcessSettings()
        let empty = RawAnalysis(imageWidth: 1, imageHeight: 1, resizedWidth: 1, resizedHeight: 1, scaleX: 1, scaleY: 1,
                                numClasses: max(1, groundTruth.categories.count), regressionClasses: 1,
                                targetStds: [1, 1, 1, 1], targetMeans: [0, 0, 0, 0], proposals: [], resizedProposals: [],
                                objectness: nil, proposalLevels: nil, roiLevels: [], fcScores: [], convDeltas: [],
                                convScores: nil, fcDeltas: nil, timings: [])
        for (m, key) in keys.enumerated() where !FileManager.default.fileExists(atPath: store.entryPath(model: model, image: key)) {
            var found: [HeadVariant: [Detection]] = [:]
            for (variant, _) in variants { found[variant] = detections.detections(ofImage: m, variant: variant) ?? [] }
            let image = groundTruth.images.indices.contains(m) ? groundTruth.images[m] : nil
            let summary = StoreSummary(keepThreshold: settings.scoreThreshold, settings: settings, imageWidth: image?.width ?? 0,
                                       imageHeight: image?.height ?? 0, detections: found)
            try? store.write(EntryCodec.encode(summary: summary, analysis: empty), model: model, image: key)
        }
        return (store, model, keys)
    }

    /// Navigators for every (order, kind), then `lookups` steps: from a random image every
    /// tenth step, else on from the last item found, forward and backward in turn.
    private func timeLookups(_ review: DatasetReview) -> (navigator: Double, total: Double, found: Int) {
        guard let first = review.variants.first else { return (0, 0, 0) }
        let other = review.variants.last
        let kinds: [DetectionLabel.Kind?] = [nil] + DetectionLabel.Kind.allCases.filter { $0 != .tp }
        var navigators: [ErrorNavigator] = []
        var buildTimes: [Double] = []
        for order in ImageOrder.allCases {
            for kind in kinds {
                let start = DispatchTime.now().uptimeNanoseconds
                if let navigator = review.errorNavigator(variant: first, order: order, comparedWith: other, kind: kind) {
                    navigators.append(navigator)
                }
                buildTimes.append(Self.milliseconds(since: start))
            }
        }
        guard !navigators.isEmpty, review.imageCount > 0 else { return (buildTimes.median ?? 0, 0, 0) }
        var random = SplitMix(seed: 13)
        var current: ReviewItem?
        var found = 0
        let start = DispatchTime.now().uptimeNanoseconds
        for step in 0..<lookups {
            let navigator = navigators[(step / 10) % navigators.count]
            if step % 10 == 0 || current == nil {
                current = ReviewItem(image: Int(random.next() % UInt64(review.imageCount)), target: .detection(0))
            }
            guard let from = current else { continue }
            current = navigator.next(from: from.image, item: step % 10 == 0 ? nil : from.target, forward: (step / 5) % 2 == 0)
            if current != nil { found += 1 }
        }
        return (buildTimes.median ?? 0, Self.milliseconds(since: start), found)
    }

    /// The process's CPU time so far (user and system, all threads).
    private static func cpuMilliseconds() -> Double {
        var usage = rusage()
        #if canImport(Glibc)
        let status = getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        #else
        let status = getrusage(RUSAGE_SELF, &usage)
        #endif
        guard status == 0 else { return 0 }
        func ms(_ t: timeval) -> Double { Double(t.tv_sec) * 1000 + Double(t.tv_usec) / 1000 }
        return ms(usage.ru_utime) + ms(usage.ru_stime)
    }

    private static func milliseconds(since start: UInt64) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
    }
}
