import Compute
import Testing

private struct NMSFixture: Decodable {
    struct Case: Decodable {
        var name: String
        var boxes: [Float]
        var scores: [Float]
        var iou: Double
        var keep: [Int]
        var groups: [Int]?
    }
    var nms: [Case]
    var batched: [Case]
}

@Suite struct NMSTests {
    @Test func matchesTorchvisionNMS() throws {
        for c in try loadFixture("nms.json", as: NMSFixture.self).nms {
            #expect(nms(boxes: boxes(c.boxes), scores: c.scores, iouThreshold: c.iou) == c.keep, "\(c.name)")
        }
    }

    @Test func matchesTorchvisionBatchedNMS() throws {
        for c in try loadFixture("nms.json", as: NMSFixture.self).batched {
            let keep = batchedNMS(boxes: boxes(c.boxes), scores: c.scores, groups: c.groups ?? [],
                                  iouThreshold: c.iou)
            #expect(keep == c.keep, "\(c.name)")
        }
    }

    /// The traced variant keeps what torchvision keeps, and names as each dropped box's
    /// suppressor the first kept box of its group, in score order, that overlaps it above
    /// the threshold (re-derived here by brute force).
    @Test func tracedNMSKeepsTheSameAndNamesTheFirstSuppressor() throws {
        for c in try loadFixture("nms.json", as: NMSFixture.self).batched {
            let b = boxes(c.boxes), groups = c.groups ?? []
            let (keep, trace) = tracedBatchedNMS(boxes: b, scores: c.scores, groups: groups, iouThreshold: c.iou)
            #expect(keep == c.keep, "\(c.name)")
            let kept = Set(keep)
            let byScore = keep.sorted { (c.scores[$0], -$0) > (c.scores[$1], -$1) }
            for j in b.indices {
                if kept.contains(j) {
                    #expect(trace[j] == nil)
                    continue
                }
                let first = byScore.first { i in
                    groups[i] == groups[j] && (c.scores[i], -i) > (c.scores[j], -j) && Double(iou(b[i], b[j])) > c.iou
                }
                let t = try #require(trace[j], "\(c.name): box \(j) dropped without a suppressor")
                #expect(t.by == first, "\(c.name): box \(j)")
                #expect(abs(t.iou - iou(b[t.by], b[j])) <= 1e-3)
            }
        }
    }

    @Test func threeBoxesByHand() {
        let b = [Box(x1: 0, y1: 0, x2: 10, y2: 10), Box(x1: 1, y1: 1, x2: 11, y2: 11),
                 Box(x1: 20, y1: 20, x2: 30, y2: 30)]
        // IoU(0, 1) = 81 / 119 = 0.68.
        #expect(nms(boxes: b, scores: [0.9, 0.8, 0.7], iouThreshold: 0.5) == [0, 2])
        #expect(nms(boxes: b, scores: [0.9, 0.8, 0.7], iouThreshold: 0.7) == [0, 1, 2])
        #expect(nms(boxes: b, scores: [0.7, 0.8, 0.9], iouThreshold: 0.5) == [2, 1])
        // Equal scores: the lower index wins.
        #expect(nms(boxes: b, scores: [0.5, 0.5, 0.5], iouThreshold: 0.5) == [0, 2])
        // Different groups never suppress each other.
        #expect(batchedNMS(boxes: b, scores: [0.9, 0.8, 0.7], groups: [0, 1, 0], iouThreshold: 0.5) == [0, 1, 2])
        #expect(nms(boxes: [], scores: [], iouThreshold: 0.5).isEmpty)
        #expect(batchedNMS(boxes: [], scores: [], groups: [], iouThreshold: 0.5).isEmpty)
    }

    @Test func iouExactlyAtThresholdIsKept() {
        let b = [Box(x1: 0, y1: 0, x2: 10, y2: 10), Box(x1: 0, y1: 0, x2: 10, y2: 5)]
        #expect(nms(boxes: b, scores: [1, 0.5], iouThreshold: 0.5) == [0, 1])
        #expect(nms(boxes: b, scores: [1, 0.5], iouThreshold: 0.4999) == [0])
    }
}

private struct ArgsortCase: Decodable {
    var values: [Float]
    var unstable: [Int]
    var stable: [Int]
}

@Suite struct ArgsortTests {
    @Test func matchesTorchSortTieOrder() throws {
        for c in try loadFixture("argsort.json", as: [ArgsortCase].self) {
            #expect(argsortDescending(c.values, stable: true) == c.stable, "stable, n = \(c.values.count)")
            #expect(argsortDescending(c.values, stable: false) == c.unstable, "unstable, n = \(c.values.count)")
        }
    }
}
