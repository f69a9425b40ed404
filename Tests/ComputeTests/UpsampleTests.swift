import Compute
import Testing

private struct UpsampleFixture: Decodable {
    struct Case: Decodable {
        var name: String
        var coarse: StoredTensor
        var fine: StoredTensor
        var output: StoredTensor
    }
    struct IndexMap: Decodable {
        var `in`: Int
        var out: Int
        var index: [Int]
    }
    var cases: [Case]
    var index_maps: [IndexMap]
}

@Suite struct UpsampleTests {
    @Test func nearestAddMatchesPyTorch() throws {
        for c in try loadFixture("upsample.json", as: UpsampleFixture.self).cases {
            let y = upsampleNearestAdd(coarse: c.coarse.tensor, to: c.fine.tensor)
            #expect(y.shape == c.output.shape, "\(c.name)")
            #expect(y.storage == c.output.values, "\(c.name)")
        }
    }

    @Test func sourceIndicesMatchPyTorchForOddSizes() throws {
        for m in try loadFixture("upsample.json", as: UpsampleFixture.self).index_maps {
            let mine = (0..<m.out).map { nearestSourceIndex($0, inSize: m.in, outSize: m.out) }
            #expect(mine == m.index, "\(m.in) -> \(m.out)")
        }
    }

    @Test func plainResizeHandComputed() {
        let x = Tensor(shape: [1, 1, 2, 2], storage: [1, 2, 3, 4])
        #expect(upsampleNearest(input: x, height: 3, width: 3).storage == [1, 1, 2, 1, 1, 2, 3, 3, 4])
    }
}
