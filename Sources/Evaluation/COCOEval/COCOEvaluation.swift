/// The result of `COCOEvaluator.evaluate`: pycocotools' `eval['precision']` and
/// `eval['recall']` arrays, the 12 summary numbers and per-category AP.
public struct COCOEvaluation: Sendable {
    /// The ground truth's category ids, ascending (pycocotools' `params.catIds`).
    public let categoryIDs: [Int]
    /// Precision by [category][area][maxDets][iou][recall] (K x 4 x 3 x 10 x 101), -1 where
    /// the setting has no ground truth.
    public let precision: [Double]
    /// Recall by [category][area][maxDets][iou] (K x 4 x 3 x 10), -1 where no ground truth.
    public let recall: [Double]

    /// The number of results evaluated (those of a listed image and category).
    public let evaluatedDetections: Int
    /// Results skipped because their category is not in the ground truth (pycocotools drops them too).
    public let skippedDetections: Int

    static let areaCount = COCOParameters.areaRanges.count
    static let maxDetsCount = COCOParameters.maxDetections.count
    static let iouCount = COCOParameters.iouThresholds.count
    static let recallCount = COCOParameters.recallThresholds.count

    /// Index of precision[k][a][m][t][0].
    static func precisionOffset(category k: Int, area a: Int, maxDets m: Int, iou t: Int) -> Int {
        (((k * areaCount + a) * maxDetsCount + m) * iouCount + t) * recallCount
    }

    /// Index of recall[k][a][m][t].
    static func recallOffset(category k: Int, area a: Int, maxDets m: Int, iou t: Int) -> Int {
        ((k * areaCount + a) * maxDetsCount + m) * iouCount + t
    }

    /// The precision at IoU threshold index `t` (0...9), recall index `r` (0...100), category
    /// index `k`, area index `a` (all, small, medium, large) and maxDets index `m` (1, 10, 100).
    public func precision(iou t: Int, recall r: Int, category k: Int, area a: Int, maxDets m: Int) -> Double {
        precision[Self.precisionOffset(category: k, area: a, maxDets: m, iou: t) + r]
    }

    /// The mean of the entries > -1 of precision (or recall) restricted as pycocotools'
    /// `_summarize` does; -1 when there are none.
    func summarize(precision isAP: Bool, iou: Int? = nil, area a: Int, maxDets m: Int, categories: Range<Int>? = nil) -> Double {
        var sum = 0.0
        var count = 0
        let ts = iou.map { $0..<($0 + 1) } ?? 0..<Self.iouCount
        for t in ts {
            for k in categories ?? 0..<categoryIDs.count {
                if isAP {
                    let base = Self.precisionOffset(category: k, area: a, maxDets: m, iou: t)
                    for r in 0..<Self.recallCount where precision[base + r] > -1 {
                        sum += precision[base + r]
                        count += 1
                    }
                } else {
                    let v = recall[Self.recallOffset(category: k, area: a, maxDets: m, iou: t)]
                    if v > -1 {
                        sum += v
                        count += 1
                    }
                }
            }
        }
        return count == 0 ? -1 : sum / Double(count)
    }

    /// The 12 numbers of `COCOeval.summarize()`.
    public var stats: COCOStats {
        let last = Self.maxDetsCount - 1
        return COCOStats(values: [
            summarize(precision: true, area: 0, maxDets: last),
            summarize(precision: true, iou: 0, area: 0, maxDets: last),
            summarize(precision: true, iou: 5, area: 0, maxDets: last),
            summarize(precision: true, area: 1, maxDets: last),
            summarize(precision: true, area: 2, maxDets: last),
            summarize(precision: true, area: 3, maxDets: last),
            summarize(precision: false, area: 0, maxDets: 0),
            summarize(precision: false, area: 0, maxDets: 1),
            summarize(precision: false, area: 0, maxDets: last),
            summarize(precision: false, area: 1, maxDets: last),
            summarize(precision: false, area: 2, maxDets: last),
            summarize(precision: false, area: 3, maxDets: last),
        ])
    }

    /// AP (IoU 0.50:0.95, area all, maxDets 100) of each category in `categoryIDs` order:
    /// the mean of `precision[:, :, k, 0, -1]` over entries > -1, or -1 without ground truth.
    public var categoryAP: [Double] {
        (0..<categoryIDs.count).map {
            summarize(precision: true, area: 0, maxDets: Self.maxDetsCount - 1, categories: $0..<($0 + 1))
        }
    }

    /// AP at IoU 0.50 (area all, maxDets 100) of each category, -1 without ground truth.
    public var categoryAP50: [Double] {
        (0..<categoryIDs.count).map {
            summarize(precision: true, iou: 0, area: 0, maxDets: Self.maxDetsCount - 1, categories: $0..<($0 + 1))
        }
    }
}
