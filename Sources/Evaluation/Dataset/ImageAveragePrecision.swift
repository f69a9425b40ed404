import Compute

/// pycocotools' AP @[.5:.95] (area all, 100 detections) of each image alone, as
/// `COCOeval` with `params.imgIds = [id]` gives it in `stats[0]`, derived from the matching
/// of a whole-dataset run instead of one run per image.
///
/// With one image, pycocotools' accumulate sees, per category, that image's evaluation
/// alone (already cut to 100 detections and in descending score order, which its stable
/// sort keeps): the precision at the 101 recall thresholds for every IoU threshold, from the
/// same true-positive and ignored flags the dataset run computed. `stats[0]` is then the mean
/// over the categories with non-crowd ground truth in the image (the others stay -1) of all
/// 10 x 101 precision values; an image without such ground truth has -1 (here nil), whatever
/// its detections.
enum ImageAveragePrecision {
    /// The AP of each image, by the evaluator's image index (sorted ids); nil for pycocotools' -1.
    static func compute(_ details: COCOEvaluationDetails) -> [Double?] {
        let pairs = details.pairs
        let matches = details.matches
        let areaCount = COCOEvaluation.areaCount
        let iouCount = COCOEvaluation.iouCount
        // Per pair: the sum of its 10 x 101 precision values, or -1 without ground truth.
        var sums = [Double](repeating: -1, count: pairs.count)
        sums.withUnsafeMutableBufferPointer { out in
            Parallel.forRanges(pairs.count, minimumChunk: 64) { range in
                var precisions: [Double] = []
                var recalls: [Double] = []
                for p in range {
                    let regular = Int(matches.groundTruthCount[p * areaCount])  // area "all"
                    guard regular > 0 else { continue }
                    let pair = pairs[p]
                    let slots = pair.keptStart..<(pair.keptStart + pair.detections.count)
                    let nGT = Double(regular)
                    var sum = 0.0
                    for t in 0..<iouCount {
                        let bit = UInt16(1) << UInt16(t)
                        precisions.removeAll(keepingCapacity: true)
                        recalls.removeAll(keepingCapacity: true)
                        var tp = 0
                        var fp = 0
                        // Precision and recall at the true positives only, as `Accumulator` reads
                        // them; area "all" is the first block of the flags.
                        for s in slots {
                            if matches.truePositive[s] & bit != 0 {
                                tp += 1
                                let tpd = Double(tp)
                                recalls.append(tpd / nGT)
                                precisions.append(tpd / (Double(fp) + tpd + Double.ulpOfOne))
                            } else if matches.ignored[s] & bit == 0 {
                                fp += 1
                            }
                        }
                        var i = precisions.count - 1
                        while i > 0 {
                            if precisions[i] > precisions[i - 1] { precisions[i - 1] = precisions[i] }
                            i -= 1
                        }
                        // Threshold r reads the first true positive whose recall reaches it:
                        // true positive j is read by the thresholds in (recall[j - 1], recall[j]].
                        var below = 0
                        for j in 0..<recalls.count {
                            let upTo = Self.thresholdsAtMost(recalls[j])
                            sum += Double(upTo - below) * precisions[j]
                            below = upTo
                        }
                    }
                    out[p] = sum
                }
            }
        }
        var total = [Double](repeating: 0, count: details.imageCount)
        var values = [Int](repeating: 0, count: details.imageCount)
        let perPair = Double(iouCount * COCOEvaluation.recallCount)
        for (p, pair) in pairs.enumerated() where sums[p] >= 0 {
            total[pair.image] += sums[p]
            values[pair.image] += 1
        }
        return (0..<details.imageCount).map { m in values[m] == 0 ? nil : total[m] / (Double(values[m]) * perPair) }
    }

    /// How many of pycocotools' recall thresholds are at most `recall` (its searchsorted,
    /// left side: a threshold reads the first point whose recall is >= it).
    static func thresholdsAtMost(_ recall: Double) -> Int {
        let thresholds = COCOParameters.recallThresholds
        var lo = 0
        var hi = thresholds.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if thresholds[mid] <= recall { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
