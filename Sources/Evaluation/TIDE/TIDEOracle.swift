/// TIDE's AP50 per class of a run's data, and of the data after each oracle fix
/// (`TIDERun.fix_errors` of tidecv 1.0.1), from one sort of the detections.
///
/// TIDE sorts each class's data points by descending score, stably, in push order. Its push
/// order is the order of the run (image by image, each by descending score), so within one
/// score it is (image position, detection index), for the run's data and for any fix of it: a
/// fix pushes the errors' points first (in error order, which is the run's order), then the
/// true positives (in push order). So one order of all detections by (descending score, image
/// position, index) gives every class's sorted data, base or fixed: a fixed pass takes the
/// errors of each run of equal scores before its true positives. The base is one linear pass
/// and the six fixes another (one lane each), and each AP reads precision only at true
/// positives (recall changes only there, and the non-increasing envelope after one is set by
/// the true positives that follow it).
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
    private let firstFalsePositive: [Int]
    private let firstFixed: [Int]

    /// Prepares the passes over `order` (`TIDEData.scoreOrder()` of the run's data).
    init(run: TIDERun, order: [Int32]) {
        self.run = run
        let n = order.count
        var slotClass = [Int32](repeating: -1, count: n)
        var slotOutcome = [TIDERun.Outcome](repeating: .unseen, count: n)
        var slotError = [Int32](repeating: -1, count: n)
        var groupEnd = [Int32](repeating: 0, count: n)
        var start = 0
        while start < n {
            let score = run.data.scores[Int(order[start])]
            var end = start + 1
            while end < n && run.data.scores[Int(order[end])] == score { end += 1 }
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
        // [type * classCount + class]
        var firstFalsePositive = [Int](repeating: Int.max, count: types.count * classCount)
        var firstFixed = [Int](repeating: Int.max, count: types.count * classCount)
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
            if !error.ignored && firstFalsePositive[t * classCount + error.predictionClass] == Int.max {
                firstFalsePositive[t * classCount + error.predictionClass] = e
            }
            if let fixed, firstFixed[t * classCount + fixed] == Int.max { firstFixed[t * classCount + fixed] = e }
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

    /// The position of `type` in `TIDEErrorType.allCases`.
    static func typeIndex(_ type: TIDEErrorType) -> Int {
        switch type {
        case .cls: 0
        case .loc: 1
        case .both: 2
        case .dupe: 3
        case .bkg: 4
        case .miss: 5
        }
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
        let tally = Tally(trues: [baseTrues], positives: [run.positives])
        for x in 0..<slotClass.count {
            switch slotOutcome[x] {
            case .truePositive: tally.add(0, Int(slotClass[x]), correct: true)
            case .falsePositive: tally.add(0, Int(slotClass[x]), correct: false)
            case .unseen, .ignored: continue
            }
        }
        return tally.result(0, order: run.classOrder)
    }

    /// The data after the oracle fixes every error of one type, for each type in
    /// `TIDEErrorType.allCases` order: all six from one pass over the score order.
    func fixedByType() -> [ClassAP] {
        let types = TIDEErrorType.allCases
        let classCount = run.classCount
        var trues = [[Int]](repeating: baseTrues, count: types.count)
        for (e, cls) in fixedClass.enumerated() where cls >= 0 { trues[Self.typeIndex(errorType[e])][Int(cls)] += 1 }
        var positives = [[Int]](repeating: run.positives, count: types.count)
        let miss = Self.typeIndex(.miss)
        for error in run.errors where error.type == .miss { positives[miss][error.predictionClass] -= 1 }
        let tally = Tally(trues: trues, positives: positives)
        var start = 0
        let n = slotClass.count
        while start < n {
            let end = Int(groupEnd[start])
            // A fix pushes the errors' points first, then the true positives. An error's own
            // type's fix turns it into its fixed point (or removes it); the others keep its
            // false positive (none for an ignored detection).
            for x in start..<end {
                let e = Int(slotError[x])
                guard e >= 0 else { continue }
                let own = Self.typeIndex(errorType[e])
                let cls = fixedClass[e]
                if cls >= 0 { tally.add(own, Int(cls), correct: true) }
                if slotOutcome[x] == .falsePositive {
                    for lane in 0..<types.count where lane != own { tally.add(lane, Int(slotClass[x]), correct: false) }
                }
            }
            for x in start..<end where slotOutcome[x] == .truePositive {
                for lane in 0..<types.count { tally.add(lane, Int(slotClass[x]), correct: true) }
            }
            start = end
        }
        return types.indices.map { t in
            // The classes in the order the fixed data meets them: by their first error point,
            // then those with true positives of the run, then the rest (TIDE adds positives last).
            var first: [(error: Int, cls: Int)] = []
            for cls in 0..<classCount {
                var e = firstFixed[t * classCount + cls]
                for other in types.indices where other != t { e = min(e, firstFalsePositive[other * classCount + cls]) }
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
            return tally.result(t, order: classOrder)
        }
    }

    /// Counts and precisions of several data sets at once (lanes: the base, or the six fixes),
    /// per class. A class that owns its buffers, so that `add` (millions of calls) is plain
    /// pointer arithmetic, without the copy-on-write checks of arrays.
    private final class Tally {
        let classCount: Int
        let lanes: Int
        /// [lane * classCount + class]
        let trues: UnsafeMutablePointer<Int>
        let falses: UnsafeMutablePointer<Int>
        /// Where each (lane, class) starts in `precisions`, laid out from the true positives
        /// it will get.
        let offsets: [Int]
        let precisions: UnsafeMutablePointer<Double>
        let positives: [[Int]]

        init(trues expected: [[Int]], positives: [[Int]]) {
            lanes = expected.count
            classCount = expected.first?.count ?? 0
            let cells = lanes * classCount
            var offsets = [Int](repeating: 0, count: cells + 1)
            for lane in 0..<lanes {
                for cls in 0..<classCount {
                    let cell = lane * classCount + cls
                    offsets[cell + 1] = offsets[cell] + expected[lane][cls]
                }
            }
            self.offsets = offsets
            precisions = .allocate(capacity: max(1, offsets[cells]))
            trues = .allocate(capacity: max(1, cells))
            trues.initialize(repeating: 0, count: max(1, cells))
            falses = .allocate(capacity: max(1, cells))
            falses.initialize(repeating: 0, count: max(1, cells))
            self.positives = positives
        }

        deinit {
            precisions.deallocate()
            trues.deallocate()
            falses.deallocate()
        }

        /// The next data point of class `cls` in lane `lane`, in sorted order.
        @inline(__always)
        func add(_ lane: Int, _ cls: Int, correct: Bool) {
            let cell = lane * classCount + cls
            if correct {
                let t = trues[cell] + 1
                trues[cell] = t
                precisions[offsets[cell] + t - 1] = Double(t) / Double(t + falses[cell])
            } else {
                falses[cell] += 1
            }
        }

        /// Lane `lane`'s APs, and their mean over the classes with data in `order`.
        func result(_ lane: Int, order: [Int]) -> ClassAP {
            var ap = [Double](repeating: 0, count: classCount)
            var hasData = [Bool](repeating: false, count: classCount)
            for cls in 0..<classCount {
                let cell = lane * classCount + cls
                hasData[cls] = trues[cell] + falses[cell] > 0 || positives[lane][cls] != 0
                guard hasData[cls] else { continue }
                let slice = UnsafeMutableBufferPointer(start: precisions + offsets[cell], count: trues[cell])
                ap[cls] = Self.averagePrecision(slice, positives: positives[lane][cls])
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
    /// TIDE's report of this (evaluated) run over `order` (`TIDEData.scoreOrder()`): AP50,
    /// the errors per type and each oracle's dAP.
    func report(order: [Int32]) -> TIDEReport {
        let oracle = TIDEOracle(run: self, order: order)
        let base = oracle.base().mean
        var perType = [Int](repeating: 0, count: TIDEErrorType.allCases.count)
        for error in errors { perType[TIDEOracle.typeIndex(error.type)] += 1 }
        var counts: [TIDEErrorType: Int] = [:]
        var delta: [TIDEErrorType: Double] = [:]
        let fixed = oracle.fixedByType()
        for (t, type) in TIDEErrorType.allCases.enumerated() {
            counts[type] = perType[t]
            delta[type] = max(fixed[t].mean - base, 0)
        }
        return TIDEReport(ap50: base, counts: counts, deltaAP: delta)
    }

    /// The reports of a run made with `evaluate(perClass: true)`: each class as TIDE run on its
    /// data alone, by category id. A class whose run (or fix) leaves no data has AP 0 there.
    func classReports(order: [Int32]) -> [Int: TIDEReport] {
        let oracle = TIDEOracle(run: self, order: order)
        let base = oracle.base()
        let fixed = oracle.fixedByType()
        let types = TIDEErrorType.allCases
        var perType = [Int](repeating: 0, count: classCount * types.count)  // [class * types + type]
        for error in errors { perType[error.predictionClass * types.count + TIDEOracle.typeIndex(error.type)] += 1 }
        let counts = (0..<classCount).map { cls in
            Dictionary(uniqueKeysWithValues: types.enumerated().map { ($1, perType[cls * types.count + $0]) })
        }
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
