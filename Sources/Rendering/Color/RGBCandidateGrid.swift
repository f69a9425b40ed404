/// A short palette searched in sRGB least squares through an 8x8x8 grid of buckets, each
/// listing only the entries that can be nearest to some colour in it.
///
/// An entry is kept for a bucket when its least distance to the bucket's box is at most the
/// smallest greatest distance of any entry to the box: any entry that is nearest (or tied
/// for nearest) at a point of the box passes, so the scan stays exact and keeps the first
/// entry among equals as a scan of all entries does.
struct RGBCandidateGrid: Sendable {
    private let colors: [SIMD3<Float>]
    /// Candidates of bucket i: `list[starts[i]..<starts[i + 1]]`, positions ascending.
    private let starts: [Int32]
    private let list: [UInt8]

    private static let side = 8
    private static let width: Float = 32

    init(_ colors: [SIMD3<Float>]) {
        self.colors = colors
        var starts: [Int32] = [0]
        var list: [UInt8] = []
        let side = Self.side
        for bucket in 0..<(side * side * side) {
            let cell = SIMD3(Float(bucket / (side * side)), Float(bucket / side % side), Float(bucket % side))
            let low = cell * Self.width, high = (cell + 1) * Self.width
            func nearestDistance(_ c: SIMD3<Float>) -> Float {
                let d = c.clamped(lowerBound: low, upperBound: high) - c
                return (d * d).sum()
            }
            func farthestDistance(_ c: SIMD3<Float>) -> Float {
                let d = pointwiseMax(c - low, high - c)  // the farther side, inside or out
                return (d * d).sum()
            }
            let bound = colors.map(farthestDistance).min() ?? 0
            for (i, c) in colors.enumerated() where nearestDistance(c) <= bound { list.append(UInt8(i)) }
            starts.append(Int32(list.count))
        }
        self.starts = starts
        self.list = list
    }

    /// Position of the first entry at the least distance from `q` (r, g, b, 0), each in 0...255.
    @inline(__always)
    func nearest(_ q4: SIMD4<Float>) -> Int {
        let side = Self.side
        @inline(__always) func cell(_ v: Float) -> Int { min(side - 1, Int(v) >> 5) }
        let bucket = (cell(q4.x) * side + cell(q4.y)) * side + cell(q4.z)
        let q = SIMD3(q4.x, q4.y, q4.z)
        var best = 0
        var bestDistance = Float.greatestFiniteMagnitude
        for k in Int(starts[bucket])..<Int(starts[bucket + 1]) {
            let i = Int(list[k])
            let d = q - colors[i]
            let distance = d.x * d.x + d.y * d.y + d.z * d.z
            if distance < bestDistance { bestDistance = distance; best = i }
        }
        return best
    }
}
