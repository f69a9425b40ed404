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
    /// Least squares in sRGB over a short list (the 16 ANSI colours).
    case rgbScan([SIMD3<Float>])
    /// Least squares in Oklab, scanning outwards from the query's lightness in a list sorted
    /// by lightness and stopping once lightness alone is farther than the best found.
    case oklab(OklabIndex)

    /// Position in the palette's entries of the entry nearest to (r, g, b), each clamped to 0...255.
    @inline(__always)
    func nearest(_ r: Float, _ g: Float, _ b: Float) -> Int {
        let r = min(255, max(0, r)), g = min(255, max(0, g)), b = min(255, max(0, b))
        switch self {
        case .xtermCube: return Self.nearestXterm(r, g, b)
        case .rgbScan(let colors): return Self.scan(colors, SIMD3(r, g, b))
        case .oklab(let index): return index.nearest(Oklab(r: r, g: g, b: b))
        }
    }

    /// The cube's channel levels.
    static let cubeLevels: [Float] = [0, 95, 135, 175, 215, 255]

    /// Position (0-239) among entries 16-255 of the entry nearest to (r, g, b) in 0...255.
    @inline(__always)
    static func nearestXterm(_ r: Float, _ g: Float, _ b: Float) -> Int {
        // Level index per channel: how many midpoints between levels lie strictly below the
        // value (a value on a midpoint keeps the lower level, as the scan does).
        @inline(__always) func level(_ v: Float) -> Int {
            (v > 47.5 ? 1 : 0) + (v > 115 ? 1 : 0) + (v > 155 ? 1 : 0) + (v > 195 ? 1 : 0) + (v > 235 ? 1 : 0)
        }
        let ri = level(r), gi = level(g), bi = level(b)
        let cr = cubeLevels[ri], cg = cubeLevels[gi], cb = cubeLevels[bi]
        let cubeDistance = (r - cr) * (r - cr) + (g - cg) * (g - cg) + (b - cb) * (b - cb)
        // Grey k (k = 0...23) is 8 + 10k; the sum s = r + g + b lies past the midpoint
        // between greys k and k + 1 when s > 3 * (13 + 10k). Counting those midpoints below
        // s (a sum on one keeps the lower grey) is ceil((s - 39) / 30), clamped.
        let s = r + g + b
        let k = min(23, max(0, Int(((s - 39) / 30).rounded(.up))))
        let v = Float(8 + 10 * k)
        let greyDistance = (r - v) * (r - v) + (g - v) * (g - v) + (b - v) * (b - v)
        return greyDistance < cubeDistance ? 216 + k : ri * 36 + gi * 6 + bi
    }

    @inline(__always)
    static func scan(_ colors: [SIMD3<Float>], _ q: SIMD3<Float>) -> Int {
        var best = 0
        var bestDistance = Float.greatestFiniteMagnitude
        for i in colors.indices {
            let d = q - colors[i]
            let distance = d.x * d.x + d.y * d.y + d.z * d.z
            if distance < bestDistance { bestDistance = distance; best = i }
        }
        return best
    }
}

/// Palette entries in Oklab, sorted by lightness for a pruned exact nearest search.
struct OklabIndex: Sendable {
    /// Lightness, a, b and palette position of each entry, by ascending lightness (then position).
    private let ls: [Float], as_: [Float], bs: [Float], positions: [Int]

    init(_ colors: [RGBColor]) {
        let labs = colors.map(Oklab.init)
        let order = labs.indices.sorted { (labs[$0].l, $0) < (labs[$1].l, $1) }
        ls = order.map { labs[$0].l }
        as_ = order.map { labs[$0].a }
        bs = order.map { labs[$0].b }
        positions = order
    }

    /// Palette position of the entry nearest to `q` (the lowest position among equals).
    func nearest(_ q: Oklab) -> Int {
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
