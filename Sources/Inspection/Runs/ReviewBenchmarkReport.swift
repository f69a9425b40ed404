import Foundation

/// What ``ReviewBenchmark`` measured. Encodes as `bench review --json` documents it:
/// {images, objects, detections: [per variant], variants, threads, rounds, build_ms, build_cpu_ms, to_coco_ms,
/// evaluation_ms, label_mapping_ms, parts_ms: {coco_eval, image_ap, tide, class_tide,
/// confusion}, navigator_ms, lookups, lookup_ms, lookup_us, lookups_found, ap: [per variant],
/// store_read_ms (null without a store)}.
/// Build times are medians over the rounds; the parts are task times summed over the
/// variants (the tasks run concurrently, so they add up to more than the evaluation's wall time).
public struct ReviewBenchmarkReport: Sendable, Encodable {
    /// Images of the ground truth (all analysed).
    public var images: Int
    /// Ground-truth objects (annotations).
    public var objects: Int
    /// Each variant's detections.
    public var detections: [Int]
    /// The variants' names.
    public var variants: [String]
    /// Cores the work spreads over.
    public var threads: Int
    /// Builds the medians are taken over.
    public var rounds: Int
    /// Median wall time of a build (every variant).
    public var buildMilliseconds: Double
    /// Median CPU time of a build (all threads): what the build costs whatever else the cores run.
    public var buildCPUMilliseconds: Double
    /// The median of each of ``DatasetReviewTimings``' parts.
    public var toCOCOMilliseconds: Double
    public var evaluationMilliseconds: Double
    public var labelMappingMilliseconds: Double
    /// Each part of the evaluation (task time summed over the variants), by name.
    public var partsMilliseconds: [String: Double]
    /// Median time to build one navigator (its image order included).
    public var navigatorMilliseconds: Double
    /// Next-error steps timed.
    public var lookups: Int
    /// All the lookups together.
    public var lookupMilliseconds: Double
    /// Steps that found an item.
    public var lookupsFound: Int
    /// Each variant's AP @[.5:.95].
    public var ap: [Double]
    /// With a store: the median time to read every image's detections (all variants) from its
    /// entries, before each build; nil without one.
    public var storeReadMilliseconds: Double?

    /// The mean time of one lookup.
    public var lookupMicroseconds: Double { lookups > 0 ? lookupMilliseconds * 1000 / Double(lookups) : 0 }

    enum CodingKeys: String, CodingKey {
        case images, objects, detections, variants, threads, rounds, buildMilliseconds = "build_ms", buildCPUMilliseconds = "build_cpu_ms"
        case toCOCOMilliseconds = "to_coco_ms"
        case evaluationMilliseconds = "evaluation_ms", labelMappingMilliseconds = "label_mapping_ms", partsMilliseconds = "parts_ms"
        case navigatorMilliseconds = "navigator_ms", lookups, lookupMilliseconds = "lookup_ms", lookupMicroseconds = "lookup_us"
        case lookupsFound = "lookups_found", ap, storeReadMilliseconds = "store_read_ms"
    }

    /// Times rounded to microseconds.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
        try c.encode(images, forKey: .images)
        try c.encode(objects, forKey: .objects)
        try c.encode(detections, forKey: .detections)
        try c.encode(variants, forKey: .variants)
        try c.encode(threads, forKey: .threads)
        try c.encode(rounds, forKey: .rounds)
        try c.encode(rounded(buildMilliseconds), forKey: .buildMilliseconds)
        try c.encode(rounded(buildCPUMilliseconds), forKey: .buildCPUMilliseconds)
        try c.encode(rounded(toCOCOMilliseconds), forKey: .toCOCOMilliseconds)
        try c.encode(rounded(evaluationMilliseconds), forKey: .evaluationMilliseconds)
        try c.encode(rounded(labelMappingMilliseconds), forKey: .labelMappingMilliseconds)
        try c.encode(partsMilliseconds.mapValues(rounded), forKey: .partsMilliseconds)
        try c.encode(rounded(navigatorMilliseconds), forKey: .navigatorMilliseconds)
        try c.encode(lookups, forKey: .lookups)
        try c.encode(rounded(lookupMilliseconds), forKey: .lookupMilliseconds)
        try c.encode(rounded(lookupMicroseconds), forKey: .lookupMicroseconds)
        try c.encode(lookupsFound, forKey: .lookupsFound)
        try c.encode(ap, forKey: .ap)
        // Present in every report, null without a store.
        if let storeReadMilliseconds {
            try c.encode(rounded(storeReadMilliseconds), forKey: .storeReadMilliseconds)
        } else {
            try c.encodeNil(forKey: .storeReadMilliseconds)
        }
    }

    /// The report as `bench review` prints it.
    public var text: String {
        func row(_ name: String, _ milliseconds: Double, _ note: String = "") -> String {
            "  " + name.padding(toLength: 20, withPad: " ", startingAt: 0) + String(format: "%9.1f ms", milliseconds) + note
        }
        var lines = ["review of \(images) images (\(objects) ground-truth objects), \(variants.count) variants "
            + "(\(detections.map(String.init).joined(separator: ", ")) detections), \(threads) cores, median of \(rounds) builds"]
        if let storeReadMilliseconds {
            lines.append(row("store read", storeReadMilliseconds, " every image's detections from its entry"))
            lines.append(row("store read + build", storeReadMilliseconds + buildMilliseconds))
        }
        lines.append(row("build", buildMilliseconds, String(format: " (CPU time %.1f ms)", buildCPUMilliseconds)))
        lines.append(row("  to COCO", toCOCOMilliseconds))
        lines.append(row("  evaluation", evaluationMilliseconds, " wall; task time summed over the variants:"))
        for (key, name) in [("coco_eval", "COCOeval"), ("image_ap", "per-image AP"), ("tide", "TIDE"),
                            ("class_tide", "TIDE per class"), ("confusion", "confusion")] {
            lines.append(row("    " + name, partsMilliseconds[key] ?? 0))
        }
        lines.append(row("  label mapping", labelMappingMilliseconds))
        lines.append(String(format: "  next error: %d lookups in %.2f ms (%.2f us each, %d found); a navigator (order and kind) "
                                + "takes %.2f ms to build", lookups, lookupMilliseconds, lookupMicroseconds, lookupsFound,
                            navigatorMilliseconds))
        lines.append("  AP @[.5:.95]: " + zip(variants, ap).map { "\($0) " + String(format: "%.3f", $1) }.joined(separator: ", "))
        return lines.joined(separator: "\n")
    }
}
