import Compute
import Detector

/// The bytes of an entry file (docs/STORE.md):
///
///     0   "DHSENTRY"                 magic
///     8   u32 format version (1)
///     12  u32 summary bytes S        16  u32 deflated analysis bytes R
///     20  u32 analysis bytes         24  u32 CRC-32 of the summary
///     28  u32 CRC-32 of the deflated analysis
///     32  summary (S bytes), then the deflated analysis (R bytes)
///
/// All numbers little-endian. The summary comes first so dataset views read 32 + S bytes.
public enum EntryCodec {
    static let magic = Array("DHSENTRY".utf8)
    static let version: UInt32 = 1
    /// Bytes before the summary.
    public static let headerSize = 32

    /// An entry for `analysis`: quantised, with every available variant post-processed by
    /// `settings` from the quantised analysis (so the store's detections and a later
    /// re-run on what it returns agree).
    public static func encode(_ analysis: RawAnalysis, settings: PostProcessSettings,
                              compressionLevel: Int32 = 6) -> (bytes: [UInt8], entry: StoreEntry) {
        let (raw, decoded) = AnalysisCodec.encode(analysis, keepThreshold: settings.scoreThreshold)
        let summary = StoreSummary(keepThreshold: settings.scoreThreshold, settings: settings,
                                   imageWidth: analysis.imageWidth, imageHeight: analysis.imageHeight,
                                   detections: detections(of: decoded, settings: settings))
        return (bytes(summary: summary, raw: raw, compressionLevel: compressionLevel), StoreEntry(summary: summary, analysis: decoded))
    }

    /// Every available variant's detections of `analysis` under `settings`.
    public static func detections(of analysis: RawAnalysis, settings: PostProcessSettings) -> [HeadVariant: [Detection]] {
        var out: [HeadVariant: [Detection]] = [:]
        for variant in analysis.availableVariants {
            out[variant] = try? PostProcessor.detections(analysis, variant: variant, settings: settings)
        }
        return out
    }

    /// The entry with its summary replaced (detections re-made under other settings).
    public static func reencode(_ entry: StoreEntry, settings: PostProcessSettings, compressionLevel: Int32 = 6) -> (bytes: [UInt8], entry: StoreEntry) {
        var summary = entry.summary
        summary.settings = settings
        summary.detections = detections(of: entry.analysis, settings: settings)
        let (raw, _) = AnalysisCodec.encode(entry.analysis, keepThreshold: entry.summary.keepThreshold)
        return (bytes(summary: summary, raw: raw, compressionLevel: compressionLevel), StoreEntry(summary: summary, analysis: entry.analysis))
    }

    /// An entry from detections made elsewhere with `analysis` beside them as is (benchmarks
    /// fill stores of COCO-scale results this way, with an analysis of no RoIs).
    public static func encode(summary: StoreSummary, analysis: RawAnalysis) -> [UInt8] {
        bytes(summary: summary, raw: AnalysisCodec.encode(analysis, keepThreshold: summary.keepThreshold).bytes, compressionLevel: 6)
    }

    private static func bytes(summary: StoreSummary, raw: [UInt8], compressionLevel: Int32) -> [UInt8] {
        let summaryBytes = encode(summary)
        let deflated = Zlib.compress(raw, level: compressionLevel)
        var w = ByteWriter(capacity: headerSize + summaryBytes.count + deflated.count)
        w.append(raw: magic)
        w.append(version)
        w.append(UInt32(summaryBytes.count))
        w.append(UInt32(deflated.count))
        w.append(UInt32(raw.count))
        w.append(Zlib.crc32(summaryBytes[...]))
        w.append(Zlib.crc32(deflated[...]))
        w.append(raw: summaryBytes)
        w.append(raw: deflated)
        return w.bytes
    }

    /// The section sizes a header announces: summary bytes and deflated analysis bytes.
    public static func sectionSizes(header: [UInt8]) throws(EntryDamage) -> (summary: Int, analysis: Int) {
        guard header.count >= headerSize else { throw .truncated("header") }
        guard Array(header[0..<8]) == magic else { throw .notAnEntry }
        var r = ByteReader(header, offset: 8)
        let v = try r.read(UInt32.self, "version")
        guard v == version else { throw .unknownVersion(Int(v)) }
        return (Int(try r.read(UInt32.self, "summary size")), Int(try r.read(UInt32.self, "analysis size")))
    }

    /// The summary of an entry from its first bytes (at least the header and the summary).
    public static func summary(from bytes: [UInt8]) throws(EntryDamage) -> StoreSummary {
        let (s, _) = try sectionSizes(header: bytes)
        guard bytes.count >= headerSize + s else { throw .truncated("summary") }
        var r = ByteReader(bytes, offset: 24)
        let crc = try r.read(UInt32.self, "summary CRC")
        let section = bytes[headerSize..<(headerSize + s)]
        guard Zlib.crc32(section) == crc else { throw .checksum(section: "summary") }
        return try decodeSummary(Array(section))
    }

    /// A whole entry.
    public static func decode(_ bytes: [UInt8]) throws(EntryDamage) -> StoreEntry {
        let summary = try summary(from: bytes)
        let (s, a) = try sectionSizes(header: bytes)
        var r = ByteReader(bytes, offset: 20)
        let rawCount = Int(try r.read(UInt32.self, "analysis size"))
        _ = try r.read(UInt32.self, "summary CRC")
        let crc = try r.read(UInt32.self, "analysis CRC")
        let start = headerSize + s
        guard bytes.count == start + a else {
            throw bytes.count < start + a ? .truncated("analysis") : .implausible("\(bytes.count - start - a) bytes after the analysis")
        }
        let deflated = bytes[start...]
        guard Zlib.crc32(deflated) == crc else { throw .checksum(section: "analysis") }
        // An entry keeps at most a few MB; refuse sizes no analysis has before allocating.
        guard rawCount <= 1 << 30 else { throw .implausible("analysis size \(rawCount)") }
        let analysis = try AnalysisCodec.decode(try Zlib.decompress(deflated, expectedCount: rawCount))
        return StoreEntry(summary: summary, analysis: analysis)
    }

    private static func encode(_ summary: StoreSummary) -> [UInt8] {
        var w = ByteWriter()
        w.append(summary.keepThreshold)
        w.append(summary.settings.scoreThreshold)
        w.append(summary.settings.nmsIoU)
        w.append(UInt32(clamping: summary.settings.maxPerImage))
        w.append(UInt32(clamping: summary.imageWidth))
        w.append(UInt32(clamping: summary.imageHeight))
        let variants = HeadVariant.allCases.filter { summary.detections[$0] != nil }
        w.append(UInt32(variants.count))
        for variant in variants {
            let detections = summary.detections[variant] ?? []
            w.append(UInt8(HeadVariant.allCases.firstIndex(of: variant) ?? 0))
            w.append(UInt32(detections.count))
            for d in detections {
                w.append(UInt32(clamping: d.label))
                w.append(d.score)
                w.append(d.box.values)
                w.append(UInt32(clamping: d.roi))
            }
        }
        return w.bytes
    }

    private static func decodeSummary(_ bytes: [UInt8]) throws(EntryDamage) -> StoreSummary {
        var r = ByteReader(bytes)
        let keep = try r.readFloat("keep threshold")
        let scoreThreshold = try r.readFloat("score threshold")
        let nms = try r.readDouble("NMS IoU")
        let maxPerImage = Int(try r.read(UInt32.self, "detections per image"))
        let width = Int(try r.read(UInt32.self, "image width")), height = Int(try r.read(UInt32.self, "image height"))
        let variantCount = try r.readCount("variant count", itemSize: 5, limit: HeadVariant.allCases.count)
        var detections: [HeadVariant: [Detection]] = [:]
        for _ in 0..<variantCount {
            let index = Int(try r.read(UInt8.self, "variant"))
            guard HeadVariant.allCases.indices.contains(index) else { throw .implausible("variant \(index)") }
            let count = try r.readCount("detection count", itemSize: 28)
            var list: [Detection] = []
            list.reserveCapacity(count)
            for _ in 0..<count {
                let label = Int(try r.read(UInt32.self, "label"))
                let score = try r.readFloat("score")
                let box = Box(x1: try r.readFloat("box"), y1: try r.readFloat("box"), x2: try r.readFloat("box"), y2: try r.readFloat("box"))
                let roi = Int(try r.read(UInt32.self, "RoI"))
                list.append(Detection(label: label, score: score, box: box, roi: roi))
            }
            detections[HeadVariant.allCases[index]] = list
        }
        guard r.remaining == 0 else { throw .implausible("\(r.remaining) bytes after the summary") }
        return StoreSummary(keepThreshold: keep, settings: PostProcessSettings(scoreThreshold: scoreThreshold, nmsIoU: nms, maxPerImage: maxPerImage),
                            imageWidth: width, imageHeight: height, detections: detections)
    }
}
