import Compute
import Testing

/// The partial selection against the stable descending sort it replaces, written plainly.
@Suite struct TopIndicesTests {
    private func sortedOrder(_ v: [Float]) -> [Int] {
        Array(v.indices).sorted { v[$0] != v[$1] ? v[$0] > v[$1] : $0 < $1 }
    }

    /// Many ties (values from a handful), signed zeros, infinities, every count from 0 past n.
    @Test func matchesTheStableSortWithTies() {
        var state: UInt32 = 7
        func next() -> UInt32 {
            state = state &* 1_664_525 &+ 1_013_904_223
            return state >> 8
        }
        let palette: [Float] = [0, -0.0, 1, -1, 0.5, .infinity, -.infinity, 1e-30, -1e-30]
        for n in [1, 2, 3, 7, 16, 17, 100, 1000, 12_288] {
            for distinct in [3, palette.count, 1 << 20] {
                let v: [Float] = (0..<n).map { _ in
                    let r = Int(next())
                    return distinct == 1 << 20 ? Float(r % distinct) / 7 - 5000 : palette[r % distinct]
                }
                let expected = sortedOrder(v)
                for k in Set([0, 1, 2, n / 3, n - 1, n, n + 5, 1000].filter { $0 >= 0 }) {
                    #expect(topIndicesDescending(v, count: k) == Array(expected.prefix(k)),
                            "n \(n), \(distinct) values, k \(k)")
                }
            }
        }
    }

    /// Sorted, reversed and constant inputs (quickselect's bad cases) still give the sort's answer.
    @Test func orderedInputs() {
        let up = (0..<5000).map(Float.init)
        for v in [up, Array(up.reversed()), [Float](repeating: 2, count: 5000)] {
            #expect(topIndicesDescending(v, count: 1000) == Array(sortedOrder(v).prefix(1000)))
        }
    }

    /// With a NaN the comparator is not an order: the answer is whatever the sort gives.
    @Test func nanFallsBackToTheSort() {
        let v: [Float] = [0.3, .nan, 0.9, 0.3, .nan, -1, 0.9]
        for k in 0...8 {
            #expect(topIndicesDescending(v, count: k) == Array(sortedOrder(v).prefix(k)))
        }
    }
}
