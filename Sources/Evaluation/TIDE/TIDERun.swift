import Dispatch

/// The state of one TIDE run (see `TIDEAnalysis`): what became of every prediction TIDE looked
/// at, the errors in TIDE's order, the positives per class and, when asked, the labels.
///
/// Classes are dense indices given in the order met (`categories` maps them back to ids);
/// `classOrder` is the order in which TIDE's AP data first saw them, which fixes the order
/// TIDE sums class APs in. The AP data points themselves are not stored: they are the
/// predictions with outcome `.truePositive` or `.falsePositive`, in TIDE's push order (image
/// by image, descending score), which `TIDEOracle` reads back in score order.
///
/// Per image, every buffer comes from one `Scratch` reused across images, so a run over a
/// COCO-sized dataset allocates nothing per image or per prediction.
struct TIDERun {
    struct TIDEError {
        var type: TIDEErrorType
        /// The detection (index into the results), or -1 for Miss.
        var prediction: Int
        /// The dense class of the detection, or of the missed ground truth.
        var predictionClass: Int
        /// The annotation a Loc or Cls error claims, or the one a Miss misses; -1 otherwise.
        var groundTruth: Int
        /// Loc or Cls whose ground truth was already taken: the fix removes it.
        var suppressed: Bool
        /// The detection was ignored (crowd region): it has no data point to restore.
        var ignored: Bool
    }

    /// What TIDE made of one prediction.
    enum Outcome: UInt8 {
        /// Not looked at: past the image's best `maxDetections`, or on an image the ground truth lacks.
        case unseen
        /// Matched: a correct data point.
        case truePositive
        /// Not matched: a wrong data point and an error.
        case falsePositive
        /// Ignored by a crowd region: an error, but no data point.
        case ignored
    }

    let positive: Double
    let background: Double
    let maxDetections: Int
    let data: TIDEData
    /// Whether `labels` is filled (the per-class runs need none).
    let recordsLabels: Bool

    /// Dense classes in the order TIDE's AP data first saw them (a push or a positive).
    private(set) var classOrder: [Int] = []
    private var inData: [Bool]
    /// Non-crowd ground truth per dense class.
    private(set) var positives: [Int]

    /// Per detection: its outcome, its dense class (when looked at) and its error (or -1).
    private(set) var outcome: [Outcome]
    private(set) var predictionClass: [Int32]
    private(set) var errorOfPrediction: [Int32]

    private(set) var errors: [TIDEError] = []
    /// Every detection TIDE looked at and every miss, in TIDE's order (image, then score).
    private(set) var labels: [DetectionLabel] = []
    /// Per annotation: claimed by a Loc/Cls error while free, and the best claimant's score/id.
    private(set) var usable: [Bool]
    private(set) var bestScore: [Double]
    private(set) var bestPrediction: [Int]

    /// One image's buffers, reused.
    struct Scratch {
        var regular: [Int] = []
        var crowds: [Int] = []
        /// The predictions (detection indices) and their boxes and scores, in index order.
        var indices: [Int] = []
        var boxes: [COCOBox] = []
        var scores: [Double] = []
        /// Positions in `indices` by descending score.
        var order: [Int] = []
        var iou: [Double] = []
        var same: [Bool] = []
        /// 0 free, 1 matched, 2 ignored by a crowd region.
        var used: [UInt8] = []
        var gtUsed: [Bool] = []
        var matched: [Int] = []
        /// The regular ground truth's boxes and classes.
        var gtBoxes: [COCOBox] = []
        var gtClasses: [Int32] = []
        /// An image's annotations and detections, by class (per-class runs).
        var annotationGroup: [Int] = []
        var predictionGroup: [Int] = []

        /// Room for `p` predictions and `g` ground truth, the flags cleared (the IoUs are all
        /// written before they are read).
        mutating func resize(predictions p: Int, groundTruth g: Int) {
            if iou.count < p * g {
                iou = [Double](repeating: 0, count: 2 * p * g)
                same = [Bool](repeating: false, count: 2 * p * g)
            }
            if used.count < p {
                used = [UInt8](repeating: 0, count: 2 * p)
                matched = [Int](repeating: -1, count: 2 * p)
            }
            if gtUsed.count < g { gtUsed = [Bool](repeating: false, count: 2 * g) }
            used.withUnsafeMutableBufferPointer { used in
                matched.withUnsafeMutableBufferPointer { matched in
                    for i in 0..<p {
                        used[i] = 0
                        matched[i] = -1
                    }
                }
            }
            gtUsed.withUnsafeMutableBufferPointer { gtUsed in
                for j in 0..<g { gtUsed[j] = false }
            }
        }
    }

    init(positive: Double, background: Double, maxDetections: Int, data: TIDEData, recordsLabels: Bool = true) {
        self.positive = positive
        self.background = background
        self.maxDetections = maxDetections
        self.data = data
        self.recordsLabels = recordsLabels
        inData = [Bool](repeating: false, count: data.classCount)
        positives = [Int](repeating: 0, count: data.classCount)
        outcome = [Outcome](repeating: .unseen, count: data.detections.count)
        predictionClass = [Int32](repeating: -1, count: data.detections.count)
        errorOfPrediction = [Int32](repeating: -1, count: data.detections.count)
        usable = [Bool](repeating: false, count: data.groundTruth.annotations.count)
        bestScore = [Double](repeating: -1, count: data.groundTruth.annotations.count)
        bestPrediction = [Int](repeating: -1, count: data.groundTruth.annotations.count)
    }

    init(positive: Double, background: Double, maxDetections: Int, groundTruth: COCODataset, detections: [COCODetection],
         recordsLabels: Bool = true) {
        self.init(positive: positive, background: background, maxDetections: maxDetections,
                  data: TIDEData(groundTruth: groundTruth, detections: detections), recordsLabels: recordsLabels)
    }

    var groundTruth: COCODataset { data.groundTruth }
    var detections: [COCODetection] { data.detections }

    /// The number of dense classes.
    var classCount: Int { data.classCount }

    /// Category id of each dense class.
    var categories: [Int] { data.categories }

    /// The dense class of annotation `g`.
    func annotationClass(_ g: Int) -> Int { Int(data.annotationClass[g]) }

    /// Position of each image id in the ground truth's list (first occurrence).
    static func imagePositions(of groundTruth: COCODataset) -> IDTable {
        IDTable(ids: groundTruth.images.map(\.id))
    }

    /// Runs TIDE image by image in the ground truth's order. With `perClass`, each image is
    /// split by category and every (image, category) group evaluated as if the data held that
    /// category alone: the errors and data of every class are then those of TIDE run on the
    /// class-filtered dataset (the classes never interact: ground truth, claims and matches are
    /// all within one class there).
    mutating func evaluate(perClass: Bool = false) {
        var scratch = Scratch()
        for m in 0..<data.imageCount {
            if perClass {
                evaluateClasses(ofImage: m, scratch: &scratch)
            } else {
                evaluateImage(annotations: data.annotationsByImage[m], predictions: data.detectionsByImage[m], scratch: &scratch)
            }
        }
    }

    /// Runs `whole` (over the dataset) and `byClass` (per class) on their shared data image by
    /// image, so that each image's data is read from memory once.
    ///
    /// - Returns: the seconds each run took.
    @discardableResult
    static func evaluate(_ whole: inout TIDERun, byClass: inout TIDERun) -> (whole: Double, byClass: Double) {
        var scratch = Scratch()
        var wholeNanoseconds: UInt64 = 0
        var byClassNanoseconds: UInt64 = 0
        for m in 0..<whole.data.imageCount {
            let start = DispatchTime.now().uptimeNanoseconds
            whole.evaluateImage(annotations: whole.data.annotationsByImage[m], predictions: whole.data.detectionsByImage[m],
                                scratch: &scratch)
            let middle = DispatchTime.now().uptimeNanoseconds
            byClass.evaluateClasses(ofImage: m, scratch: &scratch)
            wholeNanoseconds += middle - start
            byClassNanoseconds += DispatchTime.now().uptimeNanoseconds - middle
        }
        return (Double(wholeNanoseconds) / 1e9, Double(byClassNanoseconds) / 1e9)
    }

    /// Image `m` split by class, each class evaluated as if it were the only one.
    private mutating func evaluateClasses(ofImage m: Int, scratch: inout Scratch) {
        var annotationGroup = scratch.annotationGroup
        var predictionGroup = scratch.predictionGroup
        scratch.annotationGroup = []
        scratch.predictionGroup = []
        defer {
            scratch.annotationGroup = annotationGroup
            scratch.predictionGroup = predictionGroup
        }
        annotationGroup.removeAll(keepingCapacity: true)
        annotationGroup.append(contentsOf: data.annotationsByImage[m])
        predictionGroup.removeAll(keepingCapacity: true)
        predictionGroup.append(contentsOf: data.detectionsByImage[m])
        let annotationClass = data.annotationClass
        let detectionClass = data.detectionClass
        annotationClass.withUnsafeBufferPointer { cls in
            annotationGroup.sort { a, b in cls[a] != cls[b] ? cls[a] < cls[b] : a < b }
        }
        detectionClass.withUnsafeBufferPointer { cls in
            predictionGroup.sort { a, b in cls[a] != cls[b] ? cls[a] < cls[b] : a < b }
        }
        var a = 0
        var p = 0
        while a < annotationGroup.count || p < predictionGroup.count {
            let ca = a < annotationGroup.count ? annotationClass[annotationGroup[a]] : Int32.max
            let cp = p < predictionGroup.count ? detectionClass[predictionGroup[p]] : Int32.max
            let cls = min(ca, cp)
            let a0 = a
            while a < annotationGroup.count && annotationClass[annotationGroup[a]] == cls { a += 1 }
            let p0 = p
            while p < predictionGroup.count && detectionClass[predictionGroup[p]] == cls { p += 1 }
            evaluateImage(annotations: annotationGroup[a0..<a], predictions: predictionGroup[p0..<p], scratch: &scratch,
                          inScoreOrder: false)
        }
    }

    /// TIDE's AP data meets class `cls` (a push or a positive).
    private mutating func touch(_ cls: Int) {
        if !inData[cls] {
            inData[cls] = true
            classOrder.append(cls)
        }
    }

    /// Claims ground truth `g` for a Loc/Cls error of prediction `p` (TIDE's BestGTMatch).
    private mutating func claim(_ g: Int, by p: Int, gtUsed: Bool) -> Bool {
        if gtUsed { return true }
        usable[g] = true
        let score = data.scores[p]
        if bestScore[g] < score {
            bestScore[g] = score
            bestPrediction[g] = p
        }
        return false
    }

    /// One image (or one class of it): `annotations` and `predictions` ascending indices.
    /// `inScoreOrder`: record the errors of an image without ground truth in TIDE's order
    /// (descending score) too; a per-class run, which takes no mean over classes and records
    /// no labels, does not need it.
    private mutating func evaluateImage(annotations: ArraySlice<Int>, predictions unsorted: ArraySlice<Int>,
                                        scratch s: inout Scratch, inScoreOrder: Bool = true) {
        s.regular.removeAll(keepingCapacity: true)
        s.crowds.removeAll(keepingCapacity: true)
        for g in annotations {
            if groundTruth.annotations[g].isCrowd { s.crowds.append(g) } else { s.regular.append(g) }
        }
        for g in s.regular {
            let cls = Int(data.annotationClass[g])
            touch(cls)
            positives[cls] += 1
        }
        if unsorted.isEmpty {
            for g in s.regular { recordMiss(g) }
            return
        }
        // Nothing to match or ignore them: every prediction is background. No claims are made,
        // so only the order of the errors (and labels) depends on the score order.
        if s.regular.isEmpty && s.crowds.isEmpty && !inScoreOrder && !recordsLabels && unsorted.count <= maxDetections {
            for p in unsorted {
                let cls = Int(data.detectionClass[p])
                predictionClass[p] = Int32(cls)
                touch(cls)
                outcome[p] = .falsePositive
                errorOfPrediction[p] = Int32(errors.count)
                errors.append(TIDEError(type: .bkg, prediction: p, predictionClass: cls, groundTruth: -1,
                                        suppressed: false, ignored: false))
            }
            return
        }
        // The image's predictions gathered in index order (one sequential read of their
        // records), then ordered by descending score; they come in ascending index order, so
        // the position breaks ties as TIDE's stable sort of the results file's order does.
        s.indices.removeAll(keepingCapacity: true)
        s.indices.append(contentsOf: unsorted)
        s.boxes.removeAll(keepingCapacity: true)
        s.scores.removeAll(keepingCapacity: true)
        for p in unsorted {
            s.boxes.append(detections[p].bbox)
            s.scores.append(data.scores[p])
        }
        s.order.removeAll(keepingCapacity: true)
        s.order.append(contentsOf: s.indices.indices)
        s.scores.withUnsafeBufferPointer { score in
            s.order.sort { a, b in score[a] != score[b] ? score[a] > score[b] : a < b }
        }
        let pCount = min(s.order.count, maxDetections)
        let gCount = s.regular.count
        s.resize(predictions: pCount, groundTruth: gCount)
        s.gtBoxes.removeAll(keepingCapacity: true)
        s.gtClasses.removeAll(keepingCapacity: true)
        for g in s.regular {
            s.gtBoxes.append(groundTruth.annotations[g].bbox)
            s.gtClasses.append(data.annotationClass[g])
        }
        s.iou.withUnsafeMutableBufferPointer { iou in
            s.same.withUnsafeMutableBufferPointer { same in
                for i in 0..<pCount {
                    let k = s.order[i]
                    let box = s.boxes[k]
                    let cls = data.detectionClass[s.indices[k]]
                    for j in 0..<gCount {
                        iou[i * gCount + j] = box.iou(s.gtBoxes[j])
                        same[i * gCount + j] = cls == s.gtClasses[j]
                    }
                }
            }
        }
        if gCount > 0 {
            // Each prediction takes the free same-class ground truth of highest IoU (the first of
            // equal ones, numpy's argmax) if that IoU >= positive. Taken ones read as 0, as
            // TIDE zeroes their column.
            for i in 0..<pCount {
                let row = i * gCount
                var j = 0
                var best = s.gtUsed[0] || !s.same[row] ? 0 : s.iou[row]
                for k in 1..<gCount {
                    let value = s.gtUsed[k] || !s.same[row + k] ? 0 : s.iou[row + k]
                    if value > best {
                        best = value
                        j = k
                    }
                }
                if best >= positive {
                    s.used[i] = 1
                    s.gtUsed[j] = true
                    s.matched[i] = j
                }
            }
        }
        for c in s.crowds {
            let region = groundTruth.annotations[c]
            for i in 0..<pCount where s.used[i] == 0 {
                let k = s.order[i]
                if s.boxes[k].iou(region.bbox, otherIsCrowd: true) > positive && region.categoryID == detections[s.indices[k]].categoryID {
                    s.used[i] = 2
                }
            }
        }
        for i in 0..<pCount {
            let p = s.indices[s.order[i]]
            let cls = Int(data.detectionClass[p])
            predictionClass[p] = Int32(cls)
            let ignored = s.used[i] == 2
            // tidecv 1.0.1 classifies ignored detections too (they can claim ground truth for
            // the Loc/Cls oracles) but never adds them to the AP data.
            if !ignored {
                touch(cls)
                if s.used[i] == 1 {
                    outcome[p] = .truePositive
                    if recordsLabels {
                        let j = s.matched[i]
                        labels.append(DetectionLabel(kind: .tp, detection: p, annotation: s.regular[j], iou: s.iou[i * gCount + j]))
                    }
                    continue
                }
            }
            outcome[p] = ignored ? .ignored : .falsePositive
            let (type, claimed, column) = classify(row: i, gCount: gCount, scratch: s)
            var suppressed = false
            if let claimed { suppressed = claim(s.regular[claimed], by: p, gtUsed: s.gtUsed[claimed]) }
            errorOfPrediction[p] = Int32(errors.count)
            errors.append(TIDEError(type: type, prediction: p, predictionClass: cls,
                                    groundTruth: claimed.map { s.regular[$0] } ?? -1, suppressed: suppressed, ignored: ignored))
            if recordsLabels {
                // `column` names the ground truth the label refers to: the one a Loc or Cls error
                // claims, the taken one a Dupe repeats, the best-overlapping one for Both.
                labels.append(DetectionLabel(kind: DetectionLabel.Kind(type), detection: p, annotation: column.map { s.regular[$0] },
                                             iou: column.map { s.iou[i * gCount + $0] }))
            }
        }
        for (j, g) in s.regular.enumerated() where !s.gtUsed[j] && !usable[g] { recordMiss(g) }
    }

    /// TIDE's error type of unmatched prediction `row` (in score order), the ground truth
    /// (position in `regular`) it claims for Loc or Cls, and the one its label refers to.
    private func classify(row i: Int, gCount: Int, scratch s: Scratch) -> (TIDEErrorType, claimed: Int?, column: Int?) {
        if gCount == 0 { return (.bkg, nil, nil) }
        let row = i * gCount
        // numpy's argmax (the first maximum) of four rows at once: the IoU with same-class
        // ground truth, with other-class ground truth, with taken same-class ground truth, and
        // with any.
        var sameJ = 0, otherJ = 0, usedJ = 0, anyJ = 0
        var sameV = 0.0, otherV = 0.0, usedV = 0.0, anyV = -Double.infinity
        for k in 0..<gCount {
            let iou = s.iou[row + k]
            let same = s.same[row + k]
            let sameValue = same ? iou : 0
            let otherValue = same ? 0 : iou
            let usedValue = same && s.gtUsed[k] ? iou : 0
            if k == 0 || sameValue > sameV { sameV = sameValue; sameJ = k }
            if k == 0 || otherValue > otherV { otherV = otherValue; otherJ = k }
            if k == 0 || usedValue > usedV { usedV = usedValue; usedJ = k }
            if k == 0 || iou > anyV { anyV = iou; anyJ = k }
        }
        if background <= sameV && sameV <= positive { return (.loc, sameJ, sameJ) }
        if otherV >= positive { return (.cls, otherJ, otherJ) }
        if usedV >= positive { return (.dupe, nil, usedJ) }
        if anyV <= background { return (.bkg, nil, nil) }
        return (.both, nil, anyJ)
    }

    /// Ground truth `g` (an annotation index) that no detection found.
    private mutating func recordMiss(_ g: Int) {
        let cls = Int(data.annotationClass[g])
        errors.append(TIDEError(type: .miss, prediction: -1, predictionClass: cls, groundTruth: g,
                                suppressed: false, ignored: false))
        if recordsLabels { labels.append(DetectionLabel(kind: .miss, detection: nil, annotation: g, iou: nil)) }
    }
}
