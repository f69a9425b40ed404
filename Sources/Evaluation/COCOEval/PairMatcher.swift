import Compute

/// Per-detection outcome of pycocotools' `evaluateImg` for every area range and IoU threshold.
struct PairMatches: Sendable {
    /// Score of each kept detection (pairs in key order, each in descending score order).
    var score: [Double]
    /// Rank of each kept detection within its (image, category) pair.
    var rank: [Int32]
    /// Bit t set: a true positive at IoU threshold t. Indexed [area * keptCount + slot].
    var truePositive: [UInt16]
    /// Bit t set: ignored at IoU threshold t. Indexed [area * keptCount + slot].
    var ignored: [UInt16]
    /// Non-ignored ground truth per pair and area range, [pair * 4 + area].
    var groundTruthCount: [Int32]
}

/// The greedy matching of pycocotools' `evaluateImg`, run concurrently over (image, category) pairs.
enum PairMatcher {
    static func match(
        pairs: [PairRange], keptCount: Int, groundTruth: [COCOAnnotation], groundTruthOrder: [Int],
        sortedDetections: [COCODetection]
    ) -> PairMatches {
        let areaCount = COCOParameters.areaRanges.count
        var result = PairMatches(
            score: [Double](repeating: 0, count: keptCount),
            rank: [Int32](repeating: 0, count: keptCount),
            truePositive: [UInt16](repeating: 0, count: keptCount * areaCount),
            ignored: [UInt16](repeating: 0, count: keptCount * areaCount),
            groundTruthCount: [Int32](repeating: 0, count: pairs.count * areaCount))
        result.score.withUnsafeMutableBufferPointer { score in
            result.rank.withUnsafeMutableBufferPointer { rank in
                result.truePositive.withUnsafeMutableBufferPointer { tp in
                    result.ignored.withUnsafeMutableBufferPointer { ig in
                        result.groundTruthCount.withUnsafeMutableBufferPointer { counts in
                            let out = Output(score: score, rank: rank, truePositive: tp, ignored: ig,
                                             groundTruthCount: counts, keptCount: keptCount)
                            Parallel.forRanges(pairs.count, minimumChunk: 32) { range in
                                var scratch = Scratch()
                                for p in range {
                                    scratch.evaluate(pair: pairs[p], index: p, groundTruth: groundTruth,
                                                     groundTruthOrder: groundTruthOrder,
                                                     sortedDetections: sortedDetections, into: out)
                                }
                            }
                        }
                    }
                }
            }
        }
        return result
    }

    /// Raw output buffers; each pair writes its own disjoint slots.
    struct Output {
        var score: UnsafeMutableBufferPointer<Double>
        var rank: UnsafeMutableBufferPointer<Int32>
        var truePositive: UnsafeMutableBufferPointer<UInt16>
        var ignored: UnsafeMutableBufferPointer<UInt16>
        var groundTruthCount: UnsafeMutableBufferPointer<Int32>
        var keptCount: Int
    }

    /// Buffers reused across the pairs of one worker, so no pair allocates.
    struct Scratch {
        var gtBoxes: [COCOBox] = []
        var gtArea: [Double] = []
        var gtCrowd: [Bool] = []
        var gtIDNonZero: [Bool] = []
        var gtIgnored: [Bool] = []
        var gtPermutation: [Int] = []
        var gtTaken: [Bool] = []
        var dtBoxes: [COCOBox] = []
        var ious: [Double] = []

        /// A pair with only ground truth or only detections: nothing to match. Ground truth
        /// is counted; detections are false positives, or ignored outside the area range.
        mutating func evaluateWithoutMatching(pair: PairRange, index p: Int, into out: Output) {
            let all = UInt16((1 << COCOParameters.iouThresholds.count) - 1)
            for (a, range) in COCOParameters.areaRanges.enumerated() {
                var regular: Int32 = 0
                for j in 0..<gtArea.count where !gtCrowd[j] && range.contains(gtArea[j]) { regular += 1 }
                out.groundTruthCount[p * COCOParameters.areaRanges.count + a] = regular
                let base = a * out.keptCount + pair.keptStart
                for i in 0..<dtBoxes.count {
                    out.truePositive[base + i] = 0
                    out.ignored[base + i] = range.contains(dtBoxes[i].area) ? 0 : all
                }
            }
        }

        mutating func evaluate(
            pair: PairRange, index p: Int, groundTruth: [COCOAnnotation], groundTruthOrder: [Int],
            sortedDetections: [COCODetection], into out: Output
        ) {
            let gCount = pair.groundTruth.count
            let dCount = pair.detections.count
            gtBoxes.removeAll(keepingCapacity: true)
            gtArea.removeAll(keepingCapacity: true)
            gtCrowd.removeAll(keepingCapacity: true)
            gtIDNonZero.removeAll(keepingCapacity: true)
            for j in pair.groundTruth {
                let a = groundTruth[groundTruthOrder[j]]
                gtBoxes.append(a.bbox)
                gtArea.append(a.area)
                gtCrowd.append(a.isCrowd)
                gtIDNonZero.append(a.id != 0)
            }
            dtBoxes.removeAll(keepingCapacity: true)
            for (i, s) in pair.detections.enumerated() {
                let det = sortedDetections[s]
                dtBoxes.append(det.bbox)
                out.score[pair.keptStart + i] = det.score
                out.rank[pair.keptStart + i] = Int32(i)
            }
            if dCount == 0 || gCount == 0 {
                evaluateWithoutMatching(pair: pair, index: p, into: out)
                return
            }
            ious.removeAll(keepingCapacity: true)
            for i in 0..<dCount {
                for j in 0..<gCount {
                    ious.append(dtBoxes[i].iou(gtBoxes[j], otherIsCrowd: gtCrowd[j]))
                }
            }
            let thresholds = COCOParameters.iouThresholds
            for (a, range) in COCOParameters.areaRanges.enumerated() {
                gtIgnored.removeAll(keepingCapacity: true)
                gtPermutation.removeAll(keepingCapacity: true)
                var regular: Int32 = 0
                for j in 0..<gCount {
                    let ignoredHere = gtCrowd[j] || !range.contains(gtArea[j])
                    gtIgnored.append(ignoredHere)
                    if !ignoredHere {
                        gtPermutation.append(j)
                        regular += 1
                    }
                }
                for j in 0..<gCount where gtIgnored[j] { gtPermutation.append(j) }
                out.groundTruthCount[p * COCOParameters.areaRanges.count + a] = regular

                let base = a * out.keptCount + pair.keptStart
                for i in 0..<dCount {
                    out.truePositive[base + i] = 0
                    out.ignored[base + i] = 0
                }
                for (t, threshold) in thresholds.enumerated() {
                    let bit = UInt16(1) << UInt16(t)
                    gtTaken.removeAll(keepingCapacity: true)
                    gtTaken.append(contentsOf: repeatElement(false, count: gCount))
                    for i in 0..<dCount {
                        var matchedNonZero = false
                        var ignoredHere = false
                        var best = min(threshold, 1 - 1e-10)
                        var m = -1
                        let row = i * gCount
                        for j in gtPermutation {
                            if gtTaken[j] && !gtCrowd[j] { continue }
                            if m > -1 && !gtIgnored[m] && gtIgnored[j] { break }
                            let iou = ious[row + j]
                            if iou < best { continue }
                            best = iou
                            m = j
                        }
                        if m > -1 {
                            ignoredHere = gtIgnored[m]
                            matchedNonZero = gtIDNonZero[m]
                            gtTaken[m] = true
                        }
                        // pycocotools: unmatched (dtm == 0, which includes a match to id 0)
                        // detections outside the area range are ignored.
                        if !matchedNonZero && !range.contains(dtBoxes[i].area) { ignoredHere = true }
                        if ignoredHere {
                            out.ignored[base + i] |= bit
                        } else if matchedNonZero {
                            out.truePositive[base + i] |= bit
                        }
                    }
                }
            }
        }
    }
}
