import Imaging

/// How a palette finds its nearest entry without a precomputed table.
///
/// Every search returns exactly what a brute-force scan of the entries in order returns
/// (the first entry at the least distance), which the tests check on a dense sample.
enum NearestColorSearch: Sendable {
    /// xterm entries 16-255 in order, least squares in sRGB, in O(1): the 6x6x6 cube is a
    /// separable grid (the nearest cube entry takes the nearest level in each channel) and
    /// the nearest grey is the grey level nearest the mean of r, g and b (the distance is a
    /// convex quadratic in the grey value); the nearer of the two wins, the cube on a tie.
    case xtermCube
    /// Least squares in sRGB over a short list (the 16 ANSI colours), scanning only the
    /// entries that can be nearest somewhere in the query's bucket.
    case rgbScan(RGBCandidateGrid)
    /// Least squares in DIN99d, scanning outwards from the query's lightness in a list sorted
    /// by lightness and stopping once lightness alone is farther than the best found. With
    /// `xtermGuess` (entries 16-255 in order) the sRGB-nearest entry, found in O(1), gives
    /// the scan a close first bound.
    case perceptual(PerceptualIndex, xtermGuess: Bool)

    /// Position in the palette's entries of the entry nearest to `q` (r, g, b, 0), whose
    /// channels the caller has clamped to 0...255.
    @inline(__always)
    func nearest(_ q: SIMD4<Float>) -> Int {
        switch self {
        case .xtermCube: return Self.nearestXterm(q).position
        case .rgbScan(let grid): return grid.nearest(q)
        case .perceptual(let index, let xtermGuess):
            return index.nearest(DIN99d(r: q.x, g: q.y, b: q.z), guess: xtermGuess ? Self.nearestXterm(q).position : nil)
        }
    }

    /// Position (0-239) among entries 16-255 of the entry nearest to `q` (r, g, b, 0), each
    /// in 0...255, and that entry's colour (r, g, b, 0).
    ///
    /// Written without data-dependent branches (the colours of a cell's splits are as good
    /// as random to a branch predictor): table look-ups and selects.
    @inline(__always)
    static func nearestXterm(_ q: SIMD4<Float>) -> (position: Int, value: SIMD4<Float>) {
        levelIndex.withUnsafeBufferPointer { levelIndex in
            cubeLevels.withUnsafeBufferPointer { levels in
                // Level index per channel: how many midpoints between levels lie strictly
                // below the value (on a midpoint the lower level wins, as in a scan).
                let ri = Int(levelIndex[ceilingOfDouble(q.x)]), gi = Int(levelIndex[ceilingOfDouble(q.y)])
                let bi = Int(levelIndex[ceilingOfDouble(q.z)])
                let cr = levels[ri], cg = levels[gi], cb = levels[bi]
                let cubeDistance = (q.x - cr) * (q.x - cr) + (q.y - cg) * (q.y - cg) + (q.z - cb) * (q.z - cb)
                // Grey k (k = 0...23) is 8 + 10k; the sum s = r + g + b lies past the midpoint
                // between greys k and k + 1 when s > 3 * (13 + 10k). Counting those midpoints
                // below s (a sum on one keeps the lower grey) is ceil((s - 39) / 30), clamped.
                let k = ceiling(min(23, max(0, (q.x + q.y + q.z - 39) / 30)))
                let v = 8 + 10 * k
                let greyDistance = (q.x - v) * (q.x - v) + (q.y - v) * (q.y - v) + (q.z - v) * (q.z - v)
                let grey = greyDistance < cubeDistance
                return (grey ? 216 + Int(k) : ri * 36 + gi * 6 + bi, grey ? SIMD4(v, v, v, 0) : SIMD4(cr, cg, cb, 0))
            }
        }
    }

    /// The cube's channel levels.
    private static let cubeLevels: [Float] = [0, 95, 135, 175, 215, 255]

    /// Cube level index by ceil(2v) for v in 0...255: the number of doubled midpoints
    /// (95, 230, 310, 390, 470) strictly below it, which for whole numbers is the number of
    /// midpoints strictly below v.
    private static let levelIndex: [UInt8] = (0...511).map { n in UInt8([95, 230, 310, 390, 470].filter { $0 < n }.count) }

    /// ceil(2v) for v in 0...255.
    @inline(__always)
    private static func ceilingOfDouble(_ v: Float) -> Int { Int(ceiling(v * 2)) }

    /// ceil(x) for x in 0...2^22, without a libm call: x rounded to the nearest whole number
    /// by adding and removing 2^23, then raised by one when that fell below x.
    @inline(__always)
    private static func ceiling(_ x: Float) -> Float {
        let rounded = (x + 8_388_608) - 8_388_608
        return rounded < x ? rounded + 1 : rounded
    }
}

/// Palette entries in DIN99d, sorted by lightness for a pruned exact nearest search.
struct PerceptualIndex: Sendable {
    /// Lightness, a, b and palette position of each entry, by ascending lightness (then position).
    private let ls: [Float], as_: [Float], bs: [Float], positions: [Int]
    /// Where each palette position sits in the sorted lists.
    private let slots: [Int]

    init(_ colors: [RGBColor]) {
        let labs = colors.map(DIN99d.init)
        let order = labs.indices.sorted { (labs[$0].l, $0) < (labs[$1].l, $1) }
        ls = order.map { labs[$0].l }
        as_ = order.map { labs[$0].a }
        bs = order.map { labs[$0].b }
        positions = order
        var slots = [Int](repeating: 0, count: order.count)
        for (slot, position) in order.enumerated() { slots[position] = slot }
        self.slots = slots
    }

    /// Palette position of the entry nearest to `q` (the lowest position among equals);
    /// `guess`, a palette position likely to be near, only speeds the search up.
    func nearest(_ q: DIN99d, guess: Int? = nil) -> Int {
        ls.withUnsafeBufferPointer { ls in
            as_.withUnsafeBufferPointer { aa in
                bs.withUnsafeBufferPointer { bb in
                    positions.withUnsafeBufferPointer { positions in
                        let n = ls.count
                        // First entry whose lightness is at least the query's.
                        var lo = 0, hi = n
                        while lo < hi {
                            let mid = (lo + hi) / 2
                            if ls[mid] < q.l { lo = mid + 1 } else { hi = mid }
                        }
                        var best = Float.greatestFiniteMagnitude
                        var bestPosition = Int.max
                        if let guess {
                            let i = slots[guess]
                            let dl = ls[i] - q.l, da = aa[i] - q.a, db = bb[i] - q.b
                            best = dl * dl + da * da + db * db
                            bestPosition = guess
                        }
                        @inline(__always) func consider(_ i: Int) -> Bool {
                            let dl = ls[i] - q.l
                            // Lightness alone is a lower bound of the distance (floating-point
                            // sums of non-negative terms never shrink); equal may still tie.
                            if dl * dl > best { return false }
                            let da = aa[i] - q.a, db = bb[i] - q.b
                            let d = dl * dl + da * da + db * db
                            if d < best || (d == best && positions[i] < bestPosition) {
                                best = d
                                bestPosition = positions[i]
                            }
                            return true
                        }
                        var i = lo
                        while i < n, consider(i) { i += 1 }
                        i = lo - 1
                        while i >= 0, consider(i) { i -= 1 }
                        return bestPosition
                    }
                }
            }
        }
    }
}
