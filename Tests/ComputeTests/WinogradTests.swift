import Compute
import Testing


/// Random values in [-0.5, 0.5) from a fixed linear congruential sequence.
private struct Numbers {
    var state: UInt32
    mutating func next() -> Float {
        state = state &* 1_664_525 &+ 1_013_904_223
        return Float(state >> 8) / Float(1 << 24) - 0.5
    }
    mutating func tensor(_ shape: [Int]) -> Tensor {
        Tensor(shape: shape, storage: (0..<Tensor.elementCount(of: shape)).map { _ in next() })
    }
}

@Suite struct WinogradTests {
    /// Every map size from 1 to 9 a side and a few odd larger ones: partial tiles on the
    /// right and bottom edges, maps smaller than one tile, padding on every side.
    static let sizes = [(1, 1), (1, 5), (2, 3), (3, 3), (4, 4), (5, 6), (7, 7), (8, 9), (9, 2), (13, 11), (33, 47)]

    @Test(arguments: WinogradTile.allCases)
    func matchesTheDefinitionOnOddSizes(tile: WinogradTile) {
        var numbers = Numbers(state: 99)
        for (h, w) in Self.sizes {
            let x = numbers.tensor([2, 5, h, w])
            let weight = numbers.tensor([6, 5, 3, 3])
            let bias = (0..<6).map { _ in numbers.next() }
            let expected = naiveConvolution(x, weight, bias: bias, stride: 1, padding: 1)
            let y = winogradConv2d(input: x, weights: WinogradWeights(weight: weight, tile: tile), bias: bias)
            #expect(y.shape == expected.shape)
            expectClose(y.storage, expected.storage, rtol: 1e-4, atol: 2e-5, "\(tile) \(h)x\(w)")
        }
    }

    @Test(arguments: WinogradTile.allCases)
    func channelMajorBatchWithResidualAndReLUMatchesDirect(tile: WinogradTile) {
        var numbers = Numbers(state: 7)
        // A batch of 7x7 RoI maps, as the conv head sees them, with more tiles than one chunk holds.
        let x = numbers.tensor([16, 37, 7, 7])
        let weight = numbers.tensor([24, 16, 3, 3])
        let bias = (0..<24).map { _ in numbers.next() }
        let residual = numbers.tensor([24, 37, 7, 7])
        let direct = conv2d(input: x, weight: weight, bias: bias, padding: 1, relu: true, residual: residual,
                            layout: .channelMajor)
        let weights = WinogradWeights(weight: weight, tile: tile)
        for budget in [1, 5000, defaultWinogradBudget] {
            let y = winogradConv2d(input: x, weights: weights, bias: bias, relu: true, residual: residual,
                                   layout: .channelMajor, budget: budget)
            #expect(y.shape == [24, 37, 7, 7])
            expectClose(y.storage, direct.storage, rtol: 1e-4, atol: 2e-5, "\(tile) budget \(budget)")
            #expect(y.storage.allSatisfy { $0 >= 0 })
        }
    }

    @Test(arguments: WinogradTile.allCases)
    func matchesPyTorchOnItsStrideOneThreeByThreeCases(tile: WinogradTile) throws {
        let cases = try loadFixture("conv2d.json", as: [ConvCase].self).filter {
            $0.stride == 1 && $0.padding == 1 && $0.weight.shape.suffix(2) == [3, 3]
        }
        #expect(!cases.isEmpty)
        for c in cases {
            let y = winogradConv2d(input: c.input.tensor, weights: WinogradWeights(weight: c.weight.tensor, tile: tile),
                                   bias: c.bias, relu: c.relu, residual: c.residual?.tensor)
            #expect(y.shape == c.output.shape, "\(c.name)")
            expectClose(y.storage, c.output.values, c.name)
        }
    }

    @Test func transformedWeightsHoldPositionsTimesThePairs() {
        var numbers = Numbers(state: 3)
        let weight = numbers.tensor([5, 4, 3, 3])
        #expect(WinogradWeights(weight: weight, tile: .f4).transformed.count == 36 * 20)
        #expect(WinogradWeights(weight: weight, tile: .f2).transformed.count == 16 * 20)
        // F(2x2)'s transform of a centre-only kernel is G e G^T: the outer product of G's
        // middle column (0, 0.5, -0.5, 0) with itself, at every (o, c).
        var centre = Tensor(shape: [1, 1, 3, 3])
        centre[0, 0, 1, 1] = 1
        let u = WinogradWeights(weight: centre, tile: .f2).transformed
        let column: [Float] = [0, 0.5, -0.5, 0]
        #expect(u == column.flatMap { a in column.map { a * $0 } })
    }

    /// The lanes run over images in a batch: every batch size around the eight lanes (short
    /// last lane sets, a lone map) and chunk budgets that split the images, with the residual
    /// added and accumulated in place, against im2col.
    @Test(arguments: WinogradTile.allCases)
    func batchesOfEveryLaneCountMatchDirect(tile: WinogradTile) {
        var numbers = Numbers(state: 21)
        let weight = numbers.tensor([12, 10, 3, 3])
        let weights = WinogradWeights(weight: weight, tile: tile)
        let bias = (0..<12).map { _ in numbers.next() }
        for (h, w) in [(7, 7), (5, 9)] {
            for batch in [1, 2, 7, 8, 9, 15, 16, 17] {
                let x = numbers.tensor([10, batch, h, w])
                let residual = numbers.tensor([12, batch, h, w])
                let direct = conv2d(input: x, weight: weight, bias: bias, padding: 1, relu: true, residual: residual,
                                    layout: .channelMajor)
                for budget in [1, 4000, defaultWinogradBudget] {
                    let y = winogradConv2d(input: x, weights: weights, bias: bias, relu: true, residual: residual,
                                           layout: .channelMajor, budget: budget)
                    expectClose(y.storage, direct.storage, rtol: 1e-4, atol: 2e-5, "\(tile) \(batch)x\(h)x\(w) budget \(budget)")
                    var accumulated = residual
                    winogradConv2d(input: x, weights: weights, bias: bias, relu: true, addingInto: &accumulated,
                                   layout: .channelMajor, budget: budget)
                    expectClose(accumulated.storage, direct.storage, rtol: 1e-4, atol: 2e-5,
                                "in place \(tile) \(batch)x\(h)x\(w) budget \(budget)")
                }
            }
        }
    }

    /// One map in chunks of tile rows (a budget of one row, of a few, of all), with a width
    /// that leaves a partial lane set at the end of every chunk.
    @Test(arguments: WinogradTile.allCases)
    func oneMapInChunksOfTileRowsMatchesDirect(tile: WinogradTile) {
        var numbers = Numbers(state: 5)
        let x = numbers.tensor([1, 6, 37, 29])
        let weight = numbers.tensor([4, 6, 3, 3])
        let residual = numbers.tensor([1, 4, 37, 29])
        let direct = conv2d(input: x, weight: weight, padding: 1, residual: residual)
        let weights = WinogradWeights(weight: weight, tile: tile)
        let perTile = tile.positions * (6 + 4)
        for budget in [1, perTile * 20, defaultWinogradBudget] {
            let y = winogradConv2d(input: x, weights: weights, residual: residual, budget: budget)
            expectClose(y.storage, direct.storage, rtol: 1e-4, atol: 2e-5, "\(tile) budget \(budget)")
        }
    }

    /// A NaN in the input is never hidden: every output whose window holds it is NaN, ReLU
    /// included (F(4x4)'s transforms may spread it further within the tile).
    @Test(arguments: WinogradTile.allCases)
    func notANumberIsNeverHidden(tile: WinogradTile) {
        var numbers = Numbers(state: 8)
        var x = numbers.tensor([2, 9, 7, 7])
        x[0, 4, 3, 3] = .nan
        let weight = numbers.tensor([3, 2, 3, 3])
        let direct = conv2d(input: x, weight: weight, padding: 1, layout: .channelMajor)
        let y = winogradConv2d(input: x, weights: WinogradWeights(weight: weight, tile: tile), relu: true,
                               layout: .channelMajor)
        let expected = direct.storage.indices.filter { direct.storage[$0].isNaN }
        #expect(expected.count == 3 * 9)
        #expect(expected.allSatisfy { y.storage[$0].isNaN })
    }
}
