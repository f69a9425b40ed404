import Compute
import Detector

/// What the store keeps of a ``RawAnalysis``, and at what precision (docs/STORE.md):
///
/// - proposals (original and resized pixels), objectness, FPN levels: exact (Float32, UInt8);
/// - the heads' class scores: 16-bit fixed point, `round(s * 65535)`, so every score is
///   within 7.7e-6 of the network's (the parity tolerance is 1e-4);
/// - regression deltas: exact (Float32), but only for the classes post-processing can use:
///   those whose score passes the keep threshold under some variant (fc, conv or fused),
///   and each variant's best class (what the inspector shows for an RoI below threshold).
///   The other deltas read back as 0.
///
/// Every variant's post-processing is then re-run from the decoded analysis with the same
/// result as from the network's (the kept set is computed from the quantised scores).
enum AnalysisCodec {
    static let scoreScale: Float = 65535

    private static let hasObjectness: UInt8 = 1, hasProposalLevels: UInt8 = 2, hasConvScores: UInt8 = 4, hasFcDeltas: UInt8 = 8
    /// A single-head (baseline) model: no conv deltas. Set, not cleared, so entries written
    /// before baselines existed (every one with conv deltas) read as they did.
    private static let noConvDeltas: UInt8 = 16
    /// The outputs follow torchvision's box decoding and post-processing.
    private static let torchvisionConvention: UInt8 = 32

    /// The bytes to keep for `analysis` (uncompressed), and the analysis they decode to.
    static func encode(_ analysis: RawAnalysis, keepThreshold: Float) -> (bytes: [UInt8], decoded: RawAnalysis) {
        let n = analysis.roiCount, k = analysis.numClasses, rc = analysis.regressionClasses
        let fcQ = quantize(analysis.fcScores)
        let convQ = analysis.convScores.map(quantize)
        let fc = dequantize(fcQ), convScores = convQ.map(dequantize)
        let kept = keptClasses(fc: fc, conv: convScores, roiCount: n, classCount: k, regressionClasses: rc, threshold: keepThreshold)

        var w = ByteWriter(capacity: 64 + n * (40 + 4 * (k + 1)))
        for value in [analysis.imageWidth, analysis.imageHeight, analysis.resizedWidth, analysis.resizedHeight, k, rc, n] {
            w.append(UInt32(clamping: value))
        }
        w.append(analysis.scaleX)
        w.append(analysis.scaleY)
        w.append(analysis.targetStds)
        w.append(analysis.targetMeans)
        var flags: UInt8 = 0
        if analysis.objectness != nil { flags |= hasObjectness }
        if analysis.proposalLevels != nil { flags |= hasProposalLevels }
        if convQ != nil { flags |= hasConvScores }
        if analysis.fcDeltas != nil { flags |= hasFcDeltas }
        if analysis.convDeltas == nil { flags |= noConvDeltas }
        if analysis.convention == .torchvision { flags |= torchvisionConvention }
        w.append(flags)
        // Proposals in original pixels are the resized ones rescaled (as the detector makes
        // them), so only those are kept.
        w.append(analysis.resizedProposals.flatMap(\.values))
        if let objectness = analysis.objectness { w.append(objectness) }
        if let levels = analysis.proposalLevels { w.append(raw: levels.map { UInt8(clamping: $0) }) }
        w.append(raw: analysis.roiLevels.map { UInt8(clamping: $0) })
        w.appendPlanes(fcQ)
        if let convQ { w.appendPlanes(convQ) }
        w.appendPlanes(kept.map { UInt16(clamping: $0.count) })
        w.appendPlanes(kept.flatMap { $0.map { UInt16(clamping: $0) } })
        // Kept deltas in 24-bit fixed point with one step per entry: within 3.8e-6 of the
        // network's while every kept delta is under 64 in magnitude (deltas are a few units).
        func keptValues(_ source: [Float]) -> [Float] {
            kept.enumerated().flatMap { i, roi in roi.flatMap { c in source[((i * rc + c) * 4)..<((i * rc + c) * 4 + 4)] } }
        }
        let convKept = analysis.convDeltas.map(keptValues), fcKept = analysis.fcDeltas.map(keptValues)
        let largest = ((convKept ?? []) + (fcKept ?? [])).reduce(Float(0)) { max($0, $1.isFinite ? abs($1) : 0) }
        let step = max(largest, 1) / Float(deltaRange)
        w.append(step)
        func restored(_ values: [Float]) -> [Float] {
            let q = values.map(quantizeDelta(step: step))
            w.append24BitPlanes(q)
            return scatter(q.map { Float($0) * step }, kept: kept, rc: rc, roiCount: n)
        }
        let convFull = convKept.map(restored)
        let fcFull = fcKept.map(restored)
        let decoded = RawAnalysis(
            imageWidth: analysis.imageWidth, imageHeight: analysis.imageHeight,
            resizedWidth: analysis.resizedWidth, resizedHeight: analysis.resizedHeight,
            scaleX: analysis.scaleX, scaleY: analysis.scaleY, numClasses: k, regressionClasses: rc,
            targetStds: analysis.targetStds, targetMeans: analysis.targetMeans, convention: analysis.convention,
            proposals: analysis.resizedProposals.map(analysis.scale.toOriginal), resizedProposals: analysis.resizedProposals,
            objectness: analysis.objectness, proposalLevels: analysis.proposalLevels, roiLevels: analysis.roiLevels,
            fcScores: fc, convDeltas: convFull, convScores: convScores, fcDeltas: fcFull, timings: [])
        return (w.bytes, decoded)
    }

    /// The analysis kept in `bytes`.
    static func decode(_ bytes: [UInt8]) throws(EntryDamage) -> RawAnalysis {
        var r = ByteReader(bytes)
        var header: [Int] = []
        for name in ["image width", "image height", "resized width", "resized height", "class count", "regression classes", "RoI count"] {
            header.append(Int(try r.read(UInt32.self, name)))
        }
        let (k, rc, n) = (header[4], header[5], header[6])
        guard k >= 1, k <= 100_000 else { throw .implausible("class count \(k)") }
        guard rc == 1 || rc == k else { throw .implausible("\(rc) regression classes for \(k) classes") }
        // Each RoI takes at least 17 bytes (a box, a level, its scores, its kept count).
        guard n <= r.remaining / 17 else { throw .implausible("RoI count \(n)") }
        let scaleX = try r.readDouble("scale"), scaleY = try r.readDouble("scale")
        let stds = try r.readFloats(4, "target stds"), means = try r.readFloats(4, "target means")
        let flags = try r.read(UInt8.self, "flags")
        func boxes(_ what: String) throws(EntryDamage) -> [Box] {
            let v = try r.readFloats(4 * n, what)
            return (0..<n).map { Box(x1: v[4 * $0], y1: v[4 * $0 + 1], x2: v[4 * $0 + 2], y2: v[4 * $0 + 3]) }
        }
        let resized = try boxes("resized proposals")
        let proposals = resized.map(ResizeScale(x: scaleX, y: scaleY).toOriginal)
        let objectness = flags & hasObjectness != 0 ? try r.readFloats(n, "objectness") : nil
        let proposalLevels = flags & hasProposalLevels != 0 ? try r.readBytes(n, "proposal levels").map(Int.init) : nil
        let roiLevels = try r.readBytes(n, "RoI levels").map(Int.init)
        let fc = dequantize(try r.readPlanes16(n * (k + 1), "fc scores"))
        let conv = flags & hasConvScores != 0 ? dequantize(try r.readPlanes16(n * (k + 1), "conv scores")) : nil
        let counts = try r.readPlanes16(n, "kept class counts").map(Int.init)
        if let count = counts.first(where: { $0 > rc }) { throw .implausible("\(count) kept classes of \(rc)") }
        let classes = try r.readPlanes16(counts.reduce(0, +), "kept classes").map(Int.init)
        if let c = classes.first(where: { $0 >= rc }) { throw .implausible("kept class \(c) of \(rc)") }
        let step = try r.readFloat("delta step")
        guard step.isFinite, step > 0 else { throw .implausible("delta step \(step)") }
        var keptLists: [[Int]] = []
        var next = 0
        for count in counts {
            keptLists.append(Array(classes[next..<(next + count)]))
            next += count
        }
        func deltas(_ what: String) throws(EntryDamage) -> [Float] {
            let q = try r.read24BitPlanes(4 * classes.count, what)
            return scatter(q.map { Float($0) * step }, kept: keptLists, rc: rc, roiCount: n)
        }
        let convDeltas = flags & noConvDeltas == 0 ? try deltas("conv deltas") : nil
        let fcDeltas = flags & hasFcDeltas != 0 ? try deltas("fc deltas") : nil
        guard convDeltas != nil || fcDeltas != nil else { throw .implausible("an analysis without deltas") }
        guard r.remaining == 0 else { throw .implausible("\(r.remaining) bytes after the analysis") }
        return RawAnalysis(
            imageWidth: header[0], imageHeight: header[1], resizedWidth: header[2], resizedHeight: header[3],
            scaleX: scaleX, scaleY: scaleY, numClasses: k, regressionClasses: rc, targetStds: stds, targetMeans: means,
            convention: flags & torchvisionConvention != 0 ? .torchvision : .mmdetection,
            proposals: proposals, resizedProposals: resized, objectness: objectness, proposalLevels: proposalLevels,
            roiLevels: roiLevels, fcScores: fc, convDeltas: convDeltas, convScores: conv, fcDeltas: fcDeltas, timings: [])
    }

    /// Per RoI, the regression classes whose deltas are kept (ascending).
    static func keptClasses(fc: [Float], conv: [Float]?, roiCount n: Int, classCount k: Int, regressionClasses rc: Int,
                            threshold: Float) -> [[Int]] {
        (0..<n).map { i in
            if rc == 1 { return [0] }
            var keep = Set<Int>()
            var bestFc = 0, bestConv = 0, bestFused = 0
            var bestFcScore = -Float.infinity, bestConvScore = -Float.infinity, bestFusedScore = -Float.infinity
            for c in 0..<k {
                let j = i * (k + 1) + c
                let a = fc[j]
                if a > bestFcScore { bestFcScore = a; bestFc = c }
                var passes = a > threshold
                if let conv {
                    let b = conv[j], fused = HeadVariant.fusedScore(a, b)
                    if b > bestConvScore { bestConvScore = b; bestConv = c }
                    if fused > bestFusedScore { bestFusedScore = fused; bestFused = c }
                    passes = passes || b > threshold || fused > threshold
                }
                if passes { keep.insert(c) }
            }
            if k > 0 {
                keep.insert(bestFc)
                if conv != nil { keep.formUnion([bestConv, bestFused]) }
            }
            return keep.sorted()
        }
    }

    /// The largest magnitude of a 24-bit two's complement number.
    static let deltaRange: Int32 = (1 << 23) - 1

    private static func quantizeDelta(step: Float) -> (Float) -> Int32 {
        { v in v.isFinite ? Int32(max(-Float(deltaRange), min(Float(deltaRange), (v / step).rounded()))) : 0 }
    }

    /// Kept values (4 per kept class, RoI-major) spread into a full RoI x class x 4 array.
    private static func scatter(_ values: [Float], kept: [[Int]], rc: Int, roiCount n: Int) -> [Float] {
        var out = [Float](repeating: 0, count: n * rc * 4)
        var next = 0
        for (i, roi) in kept.enumerated() {
            for c in roi {
                let o = (i * rc + c) * 4
                for j in 0..<4 { out[o + j] = values[next + j] }
                next += 4
            }
        }
        return out
    }

    private static func quantize(_ scores: [Float]) -> [UInt16] {
        scores.map { s in
            guard s.isFinite else { return 0 }
            return UInt16((min(max(s, 0), 1) * scoreScale).rounded())
        }
    }

    private static func dequantize(_ q: [UInt16]) -> [Float] { q.map { Float($0) / scoreScale } }
}
