/// TIDE's AP50 per class of a run's data, and of the data after each oracle fix
/// (`TIDERun.fix_errors` of tidecv 1.0.1), from one sort of the detections.
///
/// TIDE sorts each class's data points by descending score, stably, in push order. Its push
/// order is the order of the run (image by image, each by descending score), so within one
/// score it is (image position, detection index), for the run's data and for any fix of it: a
/// fix pushes the errors' points first (in error order, which is the run's order), then the
/// true positives (in push order). So one order of all detections by (descending score, image
/// position, index) gives every class's sorted data, base or fixed: a fixed pass takes the
/// errors of each run of equal scores before its true positives. Each AP is then one linear
/// pass, which reads precision only at true positives (recall changes only there, and the
/// non-increasing envelope after one is set by the true positives that follow it).
struct TIDEOracle {
    /// Each class's AP (percent; 0 for a class without data) and whether it has data (a point
    /// or a positive), by dense class, and the mean TIDE reports (over classes with data, in
    /// the order TIDE's data met them; 0 when none has data).
    struct ClassAP {
        var ap: [Double]
        var hasData: [Bool]
        var mean: Double
    }

    let run: TIDERun
    /// What each position of the score order holds: the detection's dense class (-1 when the
    /// run did not look at it), its outcome and its error (-1 for none).
    private let slotClass: [Int32]
    private let slotOutcome: [TIDERun.Outcome]
    private let slotError: [Int32]
    /// Where each run of equal scores ends (exclusive), at its first position; 0 elsewhere.
    private let groupEnd: [Int32]
    /// Per error: its type, and the class of the true positive its own type's fix makes of it
    /// (-1 when the fix removes it).
    private let errorType: [TIDEErrorType]
    private let fixedClass: [Int32]
    /// Per class: its true positives in the run.
    private let baseTrues: [Int]
    /// Per error type, per class: the first error of each type that leaves a false positive of
    /// the class unfixed, and the first error of the type whose fix makes a true positive of it.
    private let firstFalsePositive: [[Int]]
    private let firstFixed: [[Int]]

    /// Prepares the passes over `order` (``scoreOrder(groundTruth:detections:)`` of the run's data).
    init(run: TIDERun, order: [Int32]) {
        self.run = run
        let n = order.count
        var slotClass = [Int32](repeating: -1, count: n)
        var slotOutcome = [TIDERun.Outcome](repeating: .unseen, count: n)
        var slotError = [Int32](repeating: -1, count: n)
        var groupEnd = [Int32](repeating: 0, count: n)
        var start = 0
        while start < n {
            let score = run.detections[Int(order[start])].score
            var end = start + 1
            while end < n && run.detections[Int(order[end])].score == score { end += 1 }
            groupEnd[start] = Int32(end)
            start = end
        }
        for (x, q) in order.enumerated() {
            let p = Int(q)
            slotClass[x] = run.predictionClass[p]
            slotOutcome[x] = run.outcome[p]
            slotError[x] = run.errorOfPrediction[p]
        }
        let classCount = run.classCount
        var baseTrues = [Int](repeating: 0, count: classCount)
        for x in 0..<n where slotOutcome[x] == .truePositive { baseTrues[Int(slotClass[x])] += 1 }
        let types = TIDEErrorType.allCases
        var firstFalsePositive = [[Int]](repeating: [Int](repeating: Int.max, count: classCount), count: types.count)
        var firstFixed = [[Int]](repeating: [Int](repeating: Int.max, count: classCount), count: types.count)
        var errorType: [TIDEErrorType] = []
        var fixedClass: [Int32] = []
        errorType.reserveCapacity(run.errors.count)
        fixedClass.reserveCapacity(run.errors.count)
        for (e, error) in run.errors.enumerated() {
            let t = Self.typeIndex(error.type)
            errorType.append(error.type)
            let fixed = Self.fixedClass(of: error, run: run)
            fixedClass.append(Int32(fixed ?? -1))
            guard error.prediction >= 0 else { continue }
            if !error.ignored && firstFalsePositive[t][error.predictionClass] == Int.max {
                firstFalsePositive[t][error.predictionClass] = e
            }
            if let fixed, firstFixed[t][fixed] == Int.max { firstFixed[t][fixed] = e }
        }
        self.slotClass = slotClass
        self.slotOutcome = slotOutcome
        self.slotError = slotError
        self.groupEnd = groupEnd
        self.errorType = errorType
        self.fixedClass = fixedClass
        self.baseTrues = baseTrues
        self.firstFalsePositive = firstFalsePositive
        self.firstFixed = firstFixed
    }

    /// Detection indices by descending score, then the position of their image in the ground
    /// truth's list, then index: the order in which TIDE's sorts put any class's data points.
    static func scoreOrder(groundTruth: COCODataset, detections: [COCODetection]) -> [Int32] {
        let positions = TIDERun.imagePositions(of: groundTruth)
        // By image position and index (detections of other images are never looked at), then
        // stably by descending score.
        let byImage = IndexBuckets(bucketCount: positions.count, keys: detections.map { positions.position($0.imageID) })
        return detections.withUnsafeBufferPointer { dets in
            RadixSort.sorted(byImage.items.map { Int32($0) }) { RadixSort.descendingKey(dets[Int($0)].score) }
        }
    }

    private static func typeIndex(_ type: TIDEErrorType) -> Int {
        TIDEErrorType.allCases.firstIndex(of: type) ?? 0
    }

    /// The class of the true positive the fix of `error`'s own type makes of it, or nil when
    /// that fix removes it: a Cls or Loc error that is the best unsuppressed claimant of its
    /// ground truth becomes a true positive of the ground truth's class (Cls) or its own (Loc).
    private static func fixedClass(of error: TIDERun.TIDEError, run: TIDERun) -> Int? {
        let g = error.groundTruth
        switch error.type {
        case .cls, .loc:
            guard error.prediction >= 0, g >= 0, !error.suppressed, run.bestPrediction[g] == error.prediction else { return nil }
            return error.type == .loc ? error.predictionClass : run.annotationClass(g)
        case .both, .dupe, .bkg, .miss:
            return nil
        }
    }

    /// The run's own data.
    func base() -> ClassAP {
        var tally = Tally(trues: baseTrues, positives: run.positives)
        for x in 0..<slotClass.count {
            switch slotOutcome[x] {
            case .truePositive: tally.add(Int(slotClass[x]), correct: true)
            case .falsePositive: tally.add(Int(slotClass[x]), correct: false)
            case .unseen, .ignored: continue
            }
        }
        return tally.result(order: run.classOrder)
    }

    /// The data after the oracle fixes every error of `type`.
    func fixed(_ type: TIDEErrorType) -> ClassAP {
        let classCount = run.classCount
        var positives = run.positives
        if type == .miss {
            for error in run.errors where error.type == .miss { positives[error.predictionClass] -= 1 }
        }
        var trues = baseTrues
        for (e, cls) in fixedClass.enumerated() where cls >= 0 && errorType[e] == type { trues[Int(cls)] += 1 }
        var tally = Tally(trues: trues, positives: positives)
        var start = 0
        let n = slotClass.count
        while start < n {
            let end = Int(groupEnd[start])
            // A fix pushes the errors' points first, then the true positives.
            for x in start..<end {
                let e = Int(slotError[x])
                guard e >= 0 else { continue }
                if errorType[e] == type {
                    let cls = fixedClass[e]
                    if cls >= 0 { tally.add(Int(cls), correct: true) }
                } else if slotOutcome[x] == .falsePositive {
                    tally.add(Int(slotClass[x]), correct: false)
                }
            }
            for x in start..<end where slotOutcome[x] == .truePositive {
                tally.add(Int(slotClass[x]), correct: true)
            }
            start = end
        }
        // The classes in the order the fixed data meets them: by their first error point, then
        // those with true positives of the run, then the rest (TIDE adds positives last).
        let t = Self.typeIndex(type)
        var first: [(error: Int, cls: Int)] = []
        for cls in 0..<classCount {
            var e = firstFixed[t][cls]
            for other in TIDEErrorType.allCases.indices where other != t { e = min(e, firstFalsePositive[other][cls]) }
            if e != Int.max { first.append((e, cls)) }
        }
        first.sort { $0.error < $1.error }
        var seen = [Bool](repeating: false, count: classCount)
        var classOrder: [Int] = []
        for (_, cls) in first {
            seen[cls] = true
            classOrder.append(cls)
        }
        for cls in run.classOrder where !seen[cls] && baseTrues[cls] > 0 {
            seen[cls] = true
            classOrder.append(cls)
        }
        for cls in run.classOrder where !seen[cls] { classOrder.append(cls) }
        return tally.result(order: classOrder)
    }

    /// Per class: the counts so far and the precision at each true positive, in one buffer
    /// laid out from the number of true positives each class will get.
    private struct Tally {
        var trues: [Int]
        var falses: [Int]
        let offsets: [Int]
        var precisions: [Double]
        let positives: [Int]

        init(trues expected: [Int], positives: [Int]) {
            var offsets = [Int](repeating: 0, count: expected.count + 1)
            for (cls, count) in expected.enumerated() { offsets[cls + 1] = offsets[cls] + count }
            self.offsets = offsets
            precisions = [Double](repeating: 0, count: offsets[expected.count])
            trues = [Int](repeating: 0, count: expected.count)
            falses = [Int](repeating: 0, count: expected.count)
            self.positives = positives
        }

        @inline(__always)
        mutating func add(_ cls: Int, correct: Bool) {
            if correct {
                trues[cls] += 1
                precisions[offsets[cls] + trues[cls] - 1] = Double(trues[cls]) / Double(trues[cls] + falses[cls])
            } else {
                falses[cls] += 1
            }
        }

        /// APs, and their mean over the classes with data in `order`.
        mutating func result(order: [Int]) -> ClassAP {
            let count = trues.count
            var ap = [Double](repeating: 0, count: count)
            var hasData = [Bool](repeating: false, count: count)
            precisions.withUnsafeMutableBufferPointer { buffer in
                for cls in 0..<count {
                    hasData[cls] = trues[cls] + falses[cls] > 0 || positives[cls] != 0
                    guard hasData[cls] else { continue }
                    let slice = UnsafeMutableBufferPointer(rebasing: buffer[offsets[cls]..<(offsets[cls] + trues[cls])])
                    ap[cls] = Self.averagePrecision(slice, positives: positives[cls])
                }
            }
            var sum = 0.0
            var classes = 0
            for cls in order where hasData[cls] {
                sum += ap[cls]
                classes += 1
            }
            return ClassAP(ap: ap, hasData: hasData, mean: classes == 0 ? 0 : sum / Double(classes))
        }

        /// TIDE's `APDataObject.get_ap` (percent) from the precision at each true positive:
        /// the envelope (running maximum from the right) read at recall i/100 at the first
        /// point whose recall (true positives / positives) reaches it, 0 past the last.
        static func averagePrecision(_ precisions: UnsafeMutableBufferPointer<Double>, positives: Int) -> Double {
            if positives == 0 { return 0 }
            var i = precisions.count - 1
            while i > 0 {
                if precisions[i] > precisions[i - 1] { precisions[i - 1] = precisions[i] }
                i -= 1
            }
            var sum = 0.0
            var k = 0
            let total = Double(positives)
            for bar in 0...100 {
                let x = Double(bar) / 100
                while k < precisions.count && Double(k + 1) / total < x { k += 1 }
                if k < precisions.count { sum += precisions[k] }
            }
            return sum / 101 * 100
        }
    }
}

extension TIDERun {
    /// TIDE's report of this (evaluated) run over `order` (``TIDEOracle/scoreOrder``): AP50,
    /// the errors per type and each oracle's dAP.
    func report(order: [Int32]) -> TIDEReport {
        let oracle = TIDEOracle(run: self, order: order)
        let base = oracle.base().mean
        var counts: [TIDEErrorType: Int] = [:]
        var delta: [TIDEErrorType: Double] = [:]
        for type in TIDEErrorType.allCases {
            counts[type] = errors.count { $0.type == type }
            delta[type] = max(oracle.fixed(type).mean - base, 0)
        }
        return TIDEReport(ap50: base, counts: counts, deltaAP: delta)
    }

    /// The reports of a run made with `evaluate(perClass: true)`: each class as TIDE run on its
    /// data alone, by category id. A class whose run (or fix) leaves no data has AP 0 there.
    func classReports(order: [Int32]) -> [Int: TIDEReport] {
        let oracle = TIDEOracle(run: self, order: order)
        let base = oracle.base()
        let fixed = TIDEErrorType.allCases.map { oracle.fixed($0) }
        var counts = [[TIDEErrorType: Int]](repeating: [:], count: classCount)
        for cls in 0..<classCount {
            for type in TIDEErrorType.allCases { counts[cls][type] = 0 }
        }
        for error in errors { counts[error.predictionClass][error.type, default: 0] += 1 }
        var reports: [Int: TIDEReport] = [:]
        for cls in 0..<classCount {
            let ap = base.hasData[cls] ? base.ap[cls] : 0
            var delta: [TIDEErrorType: Double] = [:]
            for (t, type) in TIDEErrorType.allCases.enumerated() {
                delta[type] = max((fixed[t].hasData[cls] ? fixed[t].ap[cls] : 0) - ap, 0)
            }
            reports[categories[cls]] = TIDEReport(ap50: ap, counts: counts[cls], deltaAP: delta)
        }
        return reports
    }
}
