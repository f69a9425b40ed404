import Detector
@testable import Store

/// An analysis written as a store entry and read back: what the parity tests check when
/// they check "what the store returns".
struct StoreRoundTrip {
    var analysis: RawAnalysis
    /// The classes whose deltas the entry kept, per RoI.
    var kept: [[Int]]
    var detections: [HeadVariant: [Detection]]
    var byteCount: Int

    init(_ original: RawAnalysis, settings: PostProcessSettings) throws {
        let bytes = EntryCodec.encode(original, settings: settings).bytes
        let entry = try EntryCodec.decode(bytes)
        analysis = entry.analysis
        detections = entry.summary.detections
        byteCount = bytes.count
        kept = AnalysisCodec.keptClasses(fc: entry.analysis.fcScores, conv: entry.analysis.convScores, roiCount: entry.analysis.roiCount,
                                         classCount: entry.analysis.numClasses, regressionClasses: entry.analysis.regressionClasses,
                                         threshold: settings.scoreThreshold)
    }
}

/// The largest difference between two RoIs' deltas over the `kept` classes (all when nil).
func keptDifference<A: Collection, B: Collection>(_ a: A, _ b: B, kept: [Int]?) -> Float where A.Element == Float, B.Element == Float {
    guard let kept else { return maxDifference(a, b) }
    let x = Array(a), y = Array(b)
    guard x.count == y.count else { return .infinity }
    let classes = x.count == 4 ? [0] : kept
    return classes.flatMap { c in (0..<4).map { abs(x[c * 4 + $0] - y[c * 4 + $0]) } }.max() ?? 0
}
