/// TIDE's `ClassedAPDataObject`: per class, the data points in push order and the number
/// of ground-truth positives.
struct TIDEAPData {
    struct Point {
        var id: Int
        var score: Double
        var correct: Bool
    }

    var points: [Int: [Point]] = [:]
    var positives: [Int: Int] = [:]
    /// Classes in creation order (the order of a Python defaultdict).
    var classOrder: [Int] = []

    private mutating func touch(_ cls: Int) {
        if points[cls] == nil {
            points[cls] = []
            positives[cls] = 0
            classOrder.append(cls)
        }
    }

    mutating func push(_ cls: Int, id: Int, score: Double, correct: Bool) {
        touch(cls)
        points[cls, default: []].append(Point(id: id, score: score, correct: correct))
    }

    mutating func addPositives(_ cls: Int, _ count: Int) {
        touch(cls)
        positives[cls, default: 0] += count
    }

    /// TIDE's `APDataObject.get_ap`, in percent.
    func ap(_ cls: Int) -> Double {
        let positiveCount = positives[cls] ?? 0
        if positiveCount == 0 { return 0 }
        let sorted = (points[cls] ?? []).enumerated().sorted { a, b in
            a.element.score != b.element.score ? a.element.score > b.element.score : a.offset < b.offset
        }
        var precisions: [Double] = []
        var recalls: [Double] = []
        var trues = 0
        var falses = 0
        for (_, point) in sorted {
            if point.correct { trues += 1 } else { falses += 1 }
            precisions.append(Double(trues) / Double(trues + falses))
            recalls.append(Double(trues) / Double(positiveCount))
        }
        var i = precisions.count - 1
        while i > 0 {
            if precisions[i] > precisions[i - 1] { precisions[i - 1] = precisions[i] }
            i -= 1
        }
        var sum = 0.0
        var index = 0
        for bar in 0...100 {
            let x = Double(bar) / 100
            while index < recalls.count && recalls[index] < x { index += 1 }
            if index < precisions.count { sum += precisions[index] }
        }
        return sum / 101 * 100
    }

    /// TIDE's `get_mAP`: the mean over classes with any point or positive; 0 when none.
    func meanAP() -> Double {
        let classes = classOrder.filter { !(points[$0] ?? []).isEmpty || (positives[$0] ?? 0) != 0 }
        if classes.isEmpty { return 0 }
        return classes.reduce(0) { $0 + ap($1) } / Double(classes.count)
    }
}
