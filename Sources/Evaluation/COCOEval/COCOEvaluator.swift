import Compute

/// pycocotools' `COCOeval` for boxes (`iouType='bbox'`), reproduced exactly in Float64.
///
/// The rules, each as pycocotools applies them:
/// - Images and categories are the ground truth's (`params.imgIds`, `params.catIds`), sorted.
///   Results of other categories are skipped. Results get ids i + 1, area = w * h, no crowd.
/// - Per (image, category): detections stable-sorted by descending score and cut to the
///   largest maxDets (100) *per category*; box IoU in double precision with no +1, and for a
///   crowd ground truth the union is the detection's area alone.
/// - Per area range (bounds inclusive, tested against the annotation's "area" field, not
///   its box): a ground truth is ignored if crowd or outside the range; ignored ones are
///   stably moved after the others.
/// - Greedy matching per IoU threshold t, detections in score order: each takes the
///   best-IoU ground truth still free (crowds never become unavailable) with
///   IoU >= min(t, 1 - 1e-10), stopping at the first ignored one once it holds a regular match.
///   A detection matched to an ignored ground truth is ignored; an unmatched detection whose
///   area is outside the range is ignored.
/// - **Annotation id 0.** pycocotools records a detection's match as the ground truth's id
///   and later reads "id != 0" as "matched". A detection matched to annotation id 0 therefore
///   counts as a false positive (and, when its own area is outside the range, is ignored),
///   while that ground truth is still used up and still counts in the recall denominator.
///   This evaluator does the same, on purpose, so that its numbers equal pycocotools'.
/// - Accumulation per (category, area, maxDets): detections of all images concatenated in
///   image-id order, stable-sorted by score, cut to maxDets per image and category; recall =
///   TP / number of non-ignored ground truth, precision = TP / (TP + FP + 2.22e-16), made
///   non-increasing from the right and read at the 101 recall thresholds at the first index
///   whose recall is >= the threshold (numpy `searchsorted(side='left')`), 0 beyond the last.
///   Settings without non-ignored ground truth stay -1 and are left out of the means.
///
/// Work is spread over cores by (image, category) pair and then by category; each detection
/// is sorted once.
public struct COCOEvaluator: Sendable {
    /// The ground truth evaluated against.
    public let groundTruth: COCODataset
    /// Sorted unique image ids (pycocotools' `params.imgIds`).
    public let imageIDs: [Int]
    /// Sorted unique category ids (pycocotools' `params.catIds`).
    public let categoryIDs: [Int]

    /// Index of each image id in `imageIDs`, of each category id in `categoryIDs`.
    let imageIndex: IDTable
    let categoryIndex: IDTable
    /// Ground-truth annotation indices sorted by (category, image, file order).
    let groundTruthOrder: [Int]
    /// `category * imageCount + image` of each entry of `groundTruthOrder`.
    let groundTruthKeys: [Int]

    /// Prepares the ground truth: ids sorted, annotations bucketed by (category, image).
    public init(groundTruth: COCODataset) {
        self.groundTruth = groundTruth
        imageIDs = Array(Set(groundTruth.images.map(\.id))).sorted()
        categoryIDs = Array(Set(groundTruth.categories.map(\.id))).sorted()
        imageIndex = IDTable(ids: imageIDs)
        categoryIndex = IDTable(ids: categoryIDs)
        let imageCount = imageIDs.count
        var keyed: [(key: Int, index: Int)] = []
        keyed.reserveCapacity(groundTruth.annotations.count)
        for (i, a) in groundTruth.annotations.enumerated() {
            guard let k = categoryIndex[a.categoryID], let m = imageIndex[a.imageID] else { continue }
            keyed.append((k * imageCount + m, i))
        }
        keyed.sort { $0.key != $1.key ? $0.key < $1.key : $0.index < $1.index }
        groundTruthOrder = keyed.map(\.index)
        groundTruthKeys = keyed.map(\.key)
    }

    /// Evaluates `detections` (the dataset's image and category ids) as
    /// `COCOeval(gt, gt.loadRes(detections), 'bbox').evaluate(); accumulate()` would.
    /// Results of unknown images are skipped (`COCOResults.load` rejects them beforehand).
    public func evaluate(_ detections: [COCODetection]) -> COCOEvaluation {
        evaluateInDetail(detections).evaluation
    }

    /// ``evaluate(_:)``, keeping the per-(image, category) matching it accumulated.
    func evaluateInDetail(_ detections: [COCODetection]) -> COCOEvaluationDetails {
        let imageCount = imageIDs.count
        let categoryCount = categoryIDs.count
        let maxDet = COCOParameters.maxDetections.last ?? 100

        // Detections keyed by (category, image), sorted by key, descending score, input order.
        var detectionKeys = [Int](repeating: -1, count: detections.count)
        var order: [Int] = []
        order.reserveCapacity(detections.count)
        var skipped = 0
        for (i, d) in detections.enumerated() {
            guard let k = categoryIndex[d.categoryID], let m = imageIndex[d.imageID] else {
                skipped += 1
                continue
            }
            detectionKeys[i] = k * imageCount + m
            order.append(i)
        }
        // Two stable radix sorts: by descending score (ties keep input order), then by key.
        let byScore = detections.withUnsafeBufferPointer { dets in
            RadixSort.sorted(order.map { Int32($0) }) { RadixSort.descendingKey(dets[Int($0)].score) }
        }
        order = detectionKeys.withUnsafeBufferPointer { keys in
            RadixSort.sorted(byScore) { UInt64(keys[Int($0)]) }.map { Int($0) }
        }

        // Pairs with ground truth or detections, in key order (category-major, then image).
        var pairs: [PairRange] = []
        var g = 0
        var d = 0
        var kept = 0
        while g < groundTruthKeys.count || d < order.count {
            let gk = g < groundTruthKeys.count ? groundTruthKeys[g] : Int.max
            let dk = d < order.count ? detectionKeys[order[d]] : Int.max
            let key = min(gk, dk)
            let g0 = g
            while g < groundTruthKeys.count && groundTruthKeys[g] == key { g += 1 }
            let d0 = d
            while d < order.count && detectionKeys[order[d]] == key { d += 1 }
            let keptCount = min(d - d0, maxDet)
            pairs.append(PairRange(category: key / max(imageCount, 1), image: key % max(imageCount, 1), groundTruth: g0..<g,
                                   detections: d0..<(d0 + keptCount), keptStart: kept))
            kept += keptCount
        }

        // Gathered once in sorted order: the matcher then reads them sequentially.
        let sortedDetections = order.map { detections[$0] }
        let matches = PairMatcher.match(pairs: pairs, keptCount: kept, groundTruth: groundTruth.annotations,
                                        groundTruthOrder: groundTruthOrder, sortedDetections: sortedDetections)
        let (precision, recall) = Accumulator.accumulate(
            pairs: pairs, matches: matches, categoryCount: categoryCount)
        let evaluation = COCOEvaluation(categoryIDs: categoryIDs, precision: precision, recall: recall,
                                        evaluatedDetections: order.count, skippedDetections: skipped)
        return COCOEvaluationDetails(evaluation: evaluation, pairs: pairs, matches: matches, imageCount: imageCount)
    }
}
