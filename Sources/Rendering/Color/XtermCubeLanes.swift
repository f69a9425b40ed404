/// `NearestColorSearch.nearestXterm` for eight colours at once, for the fitter's hot loop:
/// the same float operations lane by lane, so every lane gives exactly the scalar result.
///
/// The cube level per channel is the count of doubled midpoints (95, 230, 310, 390, 470)
/// below 2v: for a whole number m, m < ceil(2v) exactly when m < 2v, which is what the
/// scalar version's table look-up at ceil(2v) counts. Comparisons and selects replace the
/// table look-ups and integer conversions, so nothing here branches or traps.
enum XtermCubeLanes {
    typealias Lanes = SIMD8<Float>

    /// The colours of entries 16-255 nearest to (r, g, b), each lane in 0...255.
    @inline(__always)
    static func nearest(_ r: Lanes, _ g: Lanes, _ b: Lanes) -> (r: Lanes, g: Lanes, b: Lanes) {
        let cr = level(r), cg = level(g), cb = level(b)
        let cubeDistance = squaredDistance(r - cr, g - cg, b - cb)
        let sum: Lanes = r + g + b - 39
        let k = ceiling(clamped(sum / 30, to: 23))
        let v: Lanes = 8 + 10 * k
        let greyDistance = squaredDistance(r - v, g - v, b - v)
        let grey = greyDistance .< cubeDistance
        return (cr.replacing(with: v, where: grey), cg.replacing(with: v, where: grey), cb.replacing(with: v, where: grey))
    }

    /// Each lane limited to 0...upper (a NaN lane stays NaN). Selects, not `pointwiseMin` and
    /// `pointwiseMax`: the compiler left those as calls, 6 % of a 256-colour render.
    @inline(__always)
    static func clamped(_ v: Lanes, to upper: Float) -> Lanes {
        v.replacing(with: 0, where: v .< 0).replacing(with: upper, where: v .> upper)
    }

    /// dr² + dg² + db², added left to right as the scalar version does.
    @inline(__always)
    static func squaredDistance(_ dr: Lanes, _ dg: Lanes, _ db: Lanes) -> Lanes {
        let red: Lanes = dr * dr, green: Lanes = dg * dg, blue: Lanes = db * db
        return red + green + blue
    }

    /// The cube level (0, 95, 135, 175, 215 or 255) nearest to each lane, the lower on a midpoint.
    @inline(__always)
    private static func level(_ v: Lanes) -> Lanes {
        let doubled = v * 2
        var index = Lanes.zero
        index.replace(with: index + 1, where: doubled .> 95)
        index.replace(with: index + 1, where: doubled .> 230)
        index.replace(with: index + 1, where: doubled .> 310)
        index.replace(with: index + 1, where: doubled .> 390)
        index.replace(with: index + 1, where: doubled .> 470)
        // Levels after the first are 55 + 40 i; every value here is exact in Float.
        let level: Lanes = 55 + 40 * index
        return level.replacing(with: 0, where: index .== 0)
    }

    /// ceil(x) for lanes in 0...2^22, as `NearestColorSearch.ceiling` computes it.
    @inline(__always)
    private static func ceiling(_ x: Lanes) -> Lanes {
        let rounded = (x + 8_388_608) - 8_388_608
        return rounded.replacing(with: rounded + 1, where: rounded .< x)
    }
}
