/// The state of one TIDE run: AP data points and the errors found (see `TIDEAnalysis`).
struct TIDERun {
    struct TIDEError {
        var type: TIDEErrorType
        /// The detection (index into the results), or nil for Miss.
        var prediction: Int?
        var predictionClass: Int
        var score: Double
        /// The ground truth (index into the annotations) a Loc or Cls error claims, or a Miss.
        var groundTruth: Int?
        /// Loc or Cls whose ground truth was already taken: the fix removes it.
        var suppressed: Bool
        /// The detection was ignored (crowd region): it has no data point to restore.
        var ignored = false
    }

    let positive: Double
    let background: Double
    let maxDetections: Int
    let groundTruth: COCODataset
    let detections: [COCODetection]

    var data = TIDEAPData()
    var errors: [TIDEError] = []
    /// Every detection TIDE looked at and every miss, in TIDE's order (image, then score).
    var labels: [DetectionLabel] = []
    /// Per annotation: claimed by a Loc/Cls error while free, and the best claimant's score/id.
    var usable: [Bool]
    var bestScore: [Double]
    var bestPrediction: [Int]

    init(positive: Double, background: Double, maxDetections: Int, groundTruth: COCODataset, detections: [COCODetection]) {
        self.positive = positive
        self.background = background
        self.maxDetections = maxDetections
        self.groundTruth = groundTruth
        self.detections = detections
        usable = [Bool](repeating: false, count: groundTruth.annotations.count)
        bestScore = [Double](repeating: -1, count: groundTruth.annotations.count)
        bestPrediction = [Int](repeating: -1, count: groundTruth.annotations.count)
    }

    mutating func evaluate() {
        var annotationsByImage: [Int: [Int]] = [:]
        for (i, a) in groundTruth.annotations.enumerated() { annotationsByImage[a.imageID, default: []].append(i) }
        var detectionsByImage: [Int: [Int]] = [:]
        for (i, d) in detections.enumerated() { detectionsByImage[d.imageID, default: []].append(i) }
        var seen = Set<Int>()
        for image in groundTruth.images where seen.insert(image.id).inserted {
            evaluateImage(annotations: annotationsByImage[image.id] ?? [], predictions: detectionsByImage[image.id] ?? [])
        }
    }

    /// Claims ground truth `g` for a Loc/Cls error of prediction `p` (TIDE's BestGTMatch).
    mutating func claim(_ g: Int, by p: Int, gtUsed: Bool) -> Bool {
        if gtUsed { return true }
        usable[g] = true
        if bestScore[g] < detections[p].score {
            bestScore[g] = detections[p].score
            bestPrediction[g] = p
        }
        return false
    }

    mutating func evaluateImage(annotations: [Int], predictions unsorted: [Int]) {
        let regular = annotations.filter { !groundTruth.annotations[$0].isCrowd }
        let crowds = annotations.filter { groundTruth.annotations[$0].isCrowd }
        for g in regular { data.addPositives(groundTruth.annotations[g].categoryID, 1) }
        if unsorted.isEmpty {
            for g in regular { recordMiss(g) }
            return
        }
        let order = unsorted.enumerated().sorted { a, b in
            let sa = detections[a.element].score, sb = detections[b.element].score
            return sa != sb ? sa > sb : a.offset < b.offset
        }
        let predictions = order.prefix(maxDetections).map(\.element)
        let pCount = predictions.count
        let gCount = regular.count
        var iou = [Double](repeating: 0, count: pCount * gCount)
        var same = [Bool](repeating: false, count: pCount * gCount)
        for (i, p) in predictions.enumerated() {
            let d = detections[p]
            for (j, g) in regular.enumerated() {
                let a = groundTruth.annotations[g]
                iou[i * gCount + j] = d.bbox.iou(a.bbox)
                same[i * gCount + j] = d.categoryID == a.categoryID
            }
        }
        // used: true (matched), false (unmatched), nil (ignored by a crowd region).
        var used = [Bool?](repeating: false, count: pCount)
        var gtUsed = [Bool](repeating: false, count: gCount)
        // The ground truth (position in `regular`) each matched prediction took.
        var matched = [Int](repeating: -1, count: pCount)
        if gCount > 0 {
            var buffer = (0..<(pCount * gCount)).map { same[$0] ? iou[$0] : 0 }
            for i in 0..<pCount {
                let j = argmax(buffer, row: i, count: gCount)
                if buffer[i * gCount + j] >= positive {
                    used[i] = true
                    gtUsed[j] = true
                    matched[i] = j
                    for r in 0..<pCount { buffer[r * gCount + j] = 0 }
                }
            }
        }
        for c in crowds {
            let region = groundTruth.annotations[c]
            for (i, p) in predictions.enumerated() where used[i] == false {
                let d = detections[p]
                if d.bbox.iou(region.bbox, otherIsCrowd: true) > positive && region.categoryID == d.categoryID {
                    used[i] = nil
                }
            }
        }
        for (i, p) in predictions.enumerated() {
            let d = detections[p]
            // tidecv 1.0.1 classifies ignored detections too (they can claim ground truth for
            // the Loc/Cls oracles) but never adds them to the AP data.
            if let isUsed = used[i] {
                data.push(d.categoryID, id: p, score: d.score, correct: isUsed)
                if isUsed {
                    let j = matched[i]
                    labels.append(DetectionLabel(kind: .tp, detection: p, annotation: regular[j], iou: iou[i * gCount + j]))
                    continue
                }
            }
            let ignored = used[i] == nil
            // `column` names the ground truth the label refers to: the one a Loc or Cls error
            // claims, the taken one a Dupe repeats, the best-overlapping one for Both.
            func record(_ type: TIDEErrorType, _ g: Int? = nil, suppressed: Bool = false, column: Int? = nil) {
                errors.append(TIDEError(type: type, prediction: p, predictionClass: d.categoryID, score: d.score,
                                        groundTruth: g, suppressed: suppressed, ignored: ignored))
                labels.append(DetectionLabel(kind: DetectionLabel.Kind(type), detection: p, annotation: column.map { regular[$0] },
                                             iou: column.map { iou[i * gCount + $0] }))
            }
            if gCount == 0 {
                record(.bkg)
                continue
            }
            let row = i * gCount
            let sameClass = (0..<gCount).map { same[row + $0] ? iou[row + $0] : 0 }
            var j = argmax(sameClass, row: 0, count: gCount)
            if background <= sameClass[j] && sameClass[j] <= positive {
                let g = regular[j]
                record(.loc, g, suppressed: claim(g, by: p, gtUsed: gtUsed[j]), column: j)
                continue
            }
            let otherClass = (0..<gCount).map { same[row + $0] ? 0 : iou[row + $0] }
            j = argmax(otherClass, row: 0, count: gCount)
            if otherClass[j] >= positive {
                let g = regular[j]
                record(.cls, g, suppressed: claim(g, by: p, gtUsed: gtUsed[j]), column: j)
                continue
            }
            let usedSameClass = (0..<gCount).map { gtUsed[$0] ? sameClass[$0] : 0 }
            j = argmax(usedSameClass, row: 0, count: gCount)
            if usedSameClass[j] >= positive {
                record(.dupe, column: j)
                continue
            }
            j = argmax(iou, row: i, count: gCount)
            if iou[row + j] <= background {
                record(.bkg)
                continue
            }
            record(.both, column: j)
        }
        for (j, g) in regular.enumerated() where !gtUsed[j] && !usable[g] { recordMiss(g) }
    }

    /// Ground truth `g` (an annotation index) that no detection found.
    mutating func recordMiss(_ g: Int) {
        errors.append(TIDEError(type: .miss, prediction: nil, predictionClass: groundTruth.annotations[g].categoryID,
                                score: 0, groundTruth: g, suppressed: false))
        labels.append(DetectionLabel(kind: .miss, detection: nil, annotation: g, iou: nil))
    }

    /// numpy's argmax (the first maximum) of `values[row * count ..< (row + 1) * count]`.
    func argmax(_ values: [Double], row: Int, count: Int) -> Int {
        var best = 0
        for j in 1..<max(count, 1) where values[row * count + j] > values[row * count + best] { best = j }
        return best
    }

    /// The AP data after TIDE's oracle fixes every error of `type` (`TIDERun.fix_errors`).
    func fixed(_ type: TIDEErrorType) -> TIDEAPData {
        var positives = data.positives
        var result = TIDEAPData()
        for error in errors {
            var point: (cls: Int, score: Double, correct: Bool)?
            if error.prediction != nil && !error.ignored { point = (error.predictionClass, error.score, false) }
            if error.type == type {
                switch type {
                case .cls, .loc:
                    if let g = error.groundTruth, let p = error.prediction, !error.suppressed, bestPrediction[g] == p {
                        let cls = type == .cls ? groundTruth.annotations[g].categoryID : error.predictionClass
                        point = (cls, error.score, true)
                    } else {
                        point = nil
                    }
                case .both, .dupe, .bkg:
                    point = nil
                case .miss:
                    positives[error.predictionClass, default: 0] -= 1
                    point = nil
                }
            }
            if let point, let p = error.prediction {
                result.push(point.cls, id: p, score: point.score, correct: point.correct)
            }
        }
        for cls in data.classOrder {
            for entry in data.points[cls] ?? [] where entry.correct {
                result.push(cls, id: entry.id, score: entry.score, correct: true)
            }
        }
        for cls in data.classOrder { result.addPositives(cls, positives[cls] ?? 0) }
        return result
    }
}
