import Compute

/// pycocotools' `accumulate`: precision and recall per (category, area, maxDets, IoU),
/// one category per task.
enum Accumulator {
    static func accumulate(pairs: [PairRange], matches: PairMatches, categoryCount: Int) -> (precision: [Double], recall: [Double]) {
        let areaCount = COCOEvaluation.areaCount
        let maxDetsCount = COCOEvaluation.maxDetsCount
        let iouCount = COCOEvaluation.iouCount
        let recallCount = COCOEvaluation.recallCount
        var precision = [Double](repeating: -1, count: categoryCount * areaCount * maxDetsCount * iouCount * recallCount)
        var recall = [Double](repeating: -1, count: categoryCount * areaCount * maxDetsCount * iouCount)

        // Pairs of each category: contiguous, as pairs are sorted by category.
        var firstPair = [Int](repeating: 0, count: categoryCount + 1)
        var p = 0
        for k in 0..<categoryCount {
            firstPair[k] = p
            while p < pairs.count && pairs[p].category == k { p += 1 }
        }
        firstPair[categoryCount] = p
        let keptCount = matches.score.count

        precision.withUnsafeMutableBufferPointer { precisionOut in
            recall.withUnsafeMutableBufferPointer { recallOut in
                Parallel.for(categoryCount) { k in
                    let pairRange = firstPair[k]..<firstPair[k + 1]
                    if pairRange.isEmpty { return }
                    let first = pairs[pairRange.lowerBound].keptStart
                    let last = pairs[pairRange.upperBound - 1]
                    let slots = first..<(last.keptStart + last.detections.count)
                    // Concatenation order is (image, rank); a stable sort by descending score.
                    // Stable: equal scores keep slot order.
                    let sorted = matches.score.withUnsafeBufferPointer { score in
                        RadixSort.sorted(slots.map { Int32($0) }) { RadixSort.descendingKey(score[Int($0)]) }.map { Int($0) }
                    }
                    let n = sorted.count
                    // Gathered once in sorted order, so the loops below read memory sequentially.
                    let ranks = sorted.map { matches.rank[$0] }
                    var tpSorted = [UInt16](repeating: 0, count: n)
                    var igSorted = [UInt16](repeating: 0, count: n)
                    var rc = [Double](repeating: 0, count: max(1, n * iouCount))
                    var pr = [Double](repeating: 0, count: max(1, n * iouCount))
                    for a in 0..<areaCount {
                        var regular = 0
                        for q in pairRange { regular += Int(matches.groundTruthCount[q * areaCount + a]) }
                        if regular == 0 { continue }
                        let nGT = Double(regular)
                        for (x, s) in sorted.enumerated() {
                            tpSorted[x] = matches.truePositive[a * keptCount + s]
                            igSorted[x] = matches.ignored[a * keptCount + s]
                        }
                        for (m, maxDet) in COCOParameters.maxDetections.enumerated() {
                            // Only true positives can be read: recall changes only there, and
                            // precision after one only falls until the next. So the envelope
                            // and the searchsorted reads need (recall, precision) at true
                            // positives alone, computed with pycocotools' formulas.
                            // False positives at every threshold (most detections) count once
                            // in `fpAll`; the others per threshold in `fpSome`.
                            var tp = [Int](repeating: 0, count: iouCount)
                            var fpSome = [Int](repeating: 0, count: iouCount)
                            var fpAll = 0
                            for x in 0..<n where Int(ranks[x]) < maxDet {
                                let tpBits = tpSorted[x]
                                let igBits = igSorted[x]
                                if tpBits == 0 && igBits == 0 {
                                    fpAll += 1
                                    continue
                                }
                                for t in 0..<iouCount {
                                    let bit = UInt16(1) << UInt16(t)
                                    if tpBits & bit != 0 {
                                        let tpd = Double(tp[t] + 1)
                                        rc[t * n + tp[t]] = tpd / nGT
                                        pr[t * n + tp[t]] = tpd / (Double(fpAll + fpSome[t]) + tpd + Double.ulpOfOne)
                                        tp[t] += 1
                                    } else if igBits & bit == 0 {
                                        fpSome[t] += 1
                                    }
                                }
                            }
                            for t in 0..<iouCount {
                                let count = tp[t]
                                recallOut[COCOEvaluation.recallOffset(category: k, area: a, maxDets: m, iou: t)] =
                                    Double(count) / nGT
                                let row = t * n
                                var i = count - 1
                                while i > 0 {
                                    if pr[row + i] > pr[row + i - 1] { pr[row + i - 1] = pr[row + i] }
                                    i -= 1
                                }
                                let out = COCOEvaluation.precisionOffset(category: k, area: a, maxDets: m, iou: t)
                                var j = 0
                                for (r, threshold) in COCOParameters.recallThresholds.enumerated() {
                                    while j < count && rc[row + j] < threshold { j += 1 }
                                    precisionOut[out + r] = j < count ? pr[row + j] : 0
                                }
                            }
                        }
                    }
                }
            }
        }
        return (precision, recall)
    }
}
