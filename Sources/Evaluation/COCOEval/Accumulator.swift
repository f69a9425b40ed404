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
                    // The first maxDets setting each detection counts in (its rank within its
                    // image and category is below that budget), or maxDetsCount for none.
                    let budgets = COCOParameters.maxDetections
                    let firstSetting = ranks.map { rank in budgets.firstIndex { Int(rank) < $0 } ?? maxDetsCount }
                    for a in 0..<areaCount {
                        var regular = 0
                        for q in pairRange { regular += Int(matches.groundTruthCount[q * areaCount + a]) }
                        if regular == 0 { continue }
                        let nGT = Double(regular)
                        var positives = 0
                        for (x, s) in sorted.enumerated() {
                            tpSorted[x] = matches.truePositive[a * keptCount + s]
                            igSorted[x] = matches.ignored[a * keptCount + s]
                            if tpSorted[x] != 0 { positives += 1 }
                        }
                        // One pass for the three maxDets settings. Only true positives can be
                        // read: recall changes only there, and precision after one only falls
                        // until the next. So the envelope and the searchsorted reads need the
                        // precision at true positives alone (recall there is count / nGT),
                        // computed with pycocotools' formulas. False positives at every
                        // threshold (most detections) count once in `fpAll`, the others per
                        // threshold in `fpSome`.
                        let stride = max(1, positives)
                        var pr = [Double](repeating: 0, count: maxDetsCount * iouCount * stride)
                        var tp = [Int](repeating: 0, count: maxDetsCount * iouCount)
                        var fpSome = [Int](repeating: 0, count: maxDetsCount * iouCount)
                        var fpAll = [Int](repeating: 0, count: maxDetsCount)
                        for x in 0..<n {
                            let low = firstSetting[x]
                            if low == maxDetsCount { continue }
                            let tpBits = tpSorted[x]
                            let igBits = igSorted[x]
                            if tpBits == 0 && igBits == 0 {
                                for m in low..<maxDetsCount { fpAll[m] += 1 }
                                continue
                            }
                            for m in low..<maxDetsCount {
                                for t in 0..<iouCount {
                                    let bit = UInt16(1) << UInt16(t)
                                    let c = m * iouCount + t
                                    if tpBits & bit != 0 {
                                        let tpd = Double(tp[c] + 1)
                                        pr[c * stride + tp[c]] = tpd / (Double(fpAll[m] + fpSome[c]) + tpd + Double.ulpOfOne)
                                        tp[c] += 1
                                    } else if igBits & bit == 0 {
                                        fpSome[c] += 1
                                    }
                                }
                            }
                        }
                        for m in 0..<maxDetsCount {
                            for t in 0..<iouCount {
                                let c = m * iouCount + t
                                let count = tp[c]
                                recallOut[COCOEvaluation.recallOffset(category: k, area: a, maxDets: m, iou: t)] =
                                    Double(count) / nGT
                                let row = c * stride
                                var i = count - 1
                                while i > 0 {
                                    if pr[row + i] > pr[row + i - 1] { pr[row + i - 1] = pr[row + i] }
                                    i -= 1
                                }
                                let out = COCOEvaluation.precisionOffset(category: k, area: a, maxDets: m, iou: t)
                                var j = 0
                                for (r, threshold) in COCOParameters.recallThresholds.enumerated() {
                                    while j < count && Double(j + 1) / nGT < threshold { j += 1 }
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
