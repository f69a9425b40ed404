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
    /// Written with SIMD selects rather than branches: the colours of a cell's splits are
    /// as good as random to a branch predictor.
    @inline(__always)
    static func nearestXterm(_ q: SIMD4<Float>) -> (position: Int, value: SIMD4<Float>) {
        // Level index per channel (levels 0, 95, 135, 175, 215, 255): how many midpoints
        // between levels lie strictly below the value (on a midpoint the lower level wins,
        // as it does in a scan).
        let zero = SIMD4<Int32>(repeating: 0), one = SIMD4<Int32>(repeating: 1)
        var level = zero.replacing(with: one, where: q .> 47.5)
        level &+= zero.replacing(with: one, where: q .> 115)
        level &+= zero.replacing(with: one, where: q .> 155)
        level &+= zero.replacing(with: one, where: q .> 195)
        level &+= zero.replacing(with: one, where: q .> 235)
        let value = (SIMD4<Float>(level) * 40 + 55).replacing(with: 0, where: level .== zero)
        let d = q - value
        let cubeDistance = d.x * d.x + d.y * d.y + d.z * d.z
        // Grey k (k = 0...23) is 8 + 10k; the sum s = r + g + b lies past the midpoint
        // between greys k and k + 1 when s > 3 * (13 + 10k). Counting those midpoints below
        // s (a sum on one keeps the lower grey) is ceil((s - 39) / 30), clamped (first, so
        // the conversion cannot trap).
        let t = min(23, max(0, (q.x + q.y + q.z - 39) / 30))
        let floor = Int(t)  // toward zero; then up to the ceiling (a libm call otherwise)
        let k = floor &+ (Float(floor) < t ? 1 : 0)
        let v = Float(8 + 10 * k)
        let e = q - SIMD4(v, v, v, 0)
        let greyDistance = e.x * e.x + e.y * e.y + e.z * e.z
        let cube = Int(level.x) * 36 + Int(level.y) * 6 + Int(level.z)
        let grey = greyDistance < cubeDistance
        return (grey ? 216 + k : cube, value.replacing(with: SIMD4(v, v, v, 0), where: SIMDMask(repeating: grey)))
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
