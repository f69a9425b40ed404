import Compute
import Testing

private struct MiscFixture: Decodable {
    var iou_a: [Float]
    var iou_b: [Float]
    var iou: StoredTensor
    var logits: StoredTensor
    var softmax: StoredTensor
    var sigmoid: StoredTensor
}

@Suite struct MiscellaneousTests {
    @Test func boxIoUMatchesReference() throws {
        let f = try loadFixture("misc.json", as: MiscFixture.self)
        let m = boxIoU(boxes(f.iou_a), boxes(f.iou_b))
        #expect(m.shape == f.iou.shape)
        expectClose(m.storage, f.iou.values, rtol: 1e-5, atol: 1e-6)
        #expect(iou(Box(x1: 0, y1: 0, x2: 10, y2: 10), Box(x1: 5, y1: 0, x2: 15, y2: 10)) == Float(50) / 150)
    }

    @Test func softmaxAndSigmoidMatchPyTorch() throws {
        let f = try loadFixture("misc.json", as: MiscFixture.self)
        expectClose(softmax(f.logits.tensor).storage, f.softmax.values, rtol: 1e-5, atol: 1e-7, "softmax")
        expectClose(sigmoid(f.logits.tensor).storage, f.sigmoid.values, rtol: 1e-5, atol: 1e-7, "sigmoid")
        #expect(relu(Tensor(shape: [3], storage: [-1, 0, 2])).storage == [0, 0, 2])
    }

    @Test func tensorBasics() {
        var t = Tensor(shape: [2, 3, 1, 2], storage: (0..<12).map(Float.init))
        #expect(t.count == 12 && t.rank == 4)
        #expect(t[1, 2, 0, 1] == 11)
        let s = t.swappingFirstTwoDimensions()
        #expect(s.shape == [3, 2, 1, 2])
        #expect(s[2, 1, 0, 1] == 11 && s[0, 1, 0, 0] == 6)
        #expect(s.swappingFirstTwoDimensions() == t)
        t.reshape([6, 2])
        #expect(t.shape == [6, 2] && t.reshaped([12]).shape == [12])
        #expect(Box([1, 2]) == nil)
    }

    @Test func parallelForVisitsEveryIndexOnce() {
        var hits = [Int](repeating: 0, count: 1000)
        hits.withUnsafeMutableBufferPointer { buffer in
            guard let p = buffer.baseAddress else { return }
            Parallel.for(1000) { p[$0] += 1 }
            Parallel.forRanges(1000, minimumChunk: 7) { range in for i in range { p[i] += 1 } }
        }
        #expect(hits.allSatisfy { $0 == 2 })
    }
}
