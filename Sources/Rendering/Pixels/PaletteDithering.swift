import Imaging

/// Maps an image to palette indices with Floyd-Steinberg error diffusion (serpentine, in
/// sRGB), each pixel going to the palette entry nearest in DIN99d to its colour plus the
/// error diffused so far.
///
/// Nearest entries are cached per 6-bit-a-channel cell of the diffused colour (262,144 cells,
/// filled on first use), which keeps the search off the per-pixel path; the error diffused is
/// always against the entry actually chosen, so the cache costs no accuracy beyond the choice.
public struct PaletteDithering {
    public let palette: SixelPalette
    private let points: [DIN99d]
    private var cache: [Int16]

    /// Colours mapped without dithering to an entry: packed 0xRRGGBB to index.
    private var exact: [UInt32: Int] = [:]
    /// Whether a 5-bit-a-channel bin holds one of `exact`'s colours (a cheap test first).
    private var exactBins = [Bool](repeating: false, count: 32768)

    public init(palette: SixelPalette) {
        self.palette = palette
        points = palette.colors.map(DIN99d.init)
        cache = [Int16](repeating: -1, count: 1 << 18)
        for color in palette.reserved {
            let rounded = SixelPalette.sixelRounded(color)
            guard let index = palette.colors.firstIndex(of: rounded) else { continue }
            exact[UInt32(color.r) << 16 | UInt32(color.g) << 8 | UInt32(color.b)] = index
            exactBins[Int(color.r >> 3) << 10 | Int(color.g >> 3) << 5 | Int(color.b >> 3)] = true
        }
    }

    /// The palette index of every pixel, row-major; `diffuse: false` maps each pixel to its
    /// nearest entry without dithering.
    public mutating func indices(of image: RGBImage, diffuse: Bool = true) -> [UInt8] {
        let width = image.width, height = image.height
        var out = [UInt8](repeating: 0, count: width * height)
        let entries = palette.colors.map { SIMD4<Float>(Float($0.r), Float($0.g), Float($0.b), 0) }
        guard !entries.isEmpty else { return out }
        if palette.isExact { return exactIndices(of: image) }
        // Errors for this row and the next, with a pixel of margin on either side.
        var current = [SIMD4<Float>](repeating: .zero, count: width + 2)
        var next = current
        let limit = SIMD4<Float>(255, 255, 255, 0)
        image.pixels.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                for y in 0..<height {
                    let leftToRight = y % 2 == 0
                    let step = leftToRight ? 1 : -1
                    var x = leftToRight ? 0 : width - 1
                    for _ in 0..<width {
                        let s = (y * width + x) * 3
                        let r = source[s], g = source[s + 1], b = source[s + 2]
                        if exactBins[Int(r >> 3) << 10 | Int(g >> 3) << 5 | Int(b >> 3)],
                           let index = exact[UInt32(r) << 16 | UInt32(g) << 8 | UInt32(b)] {
                            // An overlay's colour: drawn as it is, taking and passing on no error.
                            target[y * width + x] = UInt8(index)
                            current[x + 1] = .zero
                            x += step
                            continue
                        }
                        var value = SIMD4<Float>(Float(source[s]), Float(source[s + 1]), Float(source[s + 2]), 0)
                        if diffuse { value += current[x + 1] }
                        value = value.clamped(lowerBound: .zero, upperBound: limit)
                        let index = nearest(value)
                        target[y * width + x] = UInt8(index)
                        if diffuse {
                            let error = value - entries[index]
                            // 7/16 ahead, 3/16 behind below, 5/16 below, 1/16 ahead below.
                            current[x + 1 + step] += error * (7.0 / 16)
                            next[x + 1 - step] += error * (3.0 / 16)
                            next[x + 1] += error * (5.0 / 16)
                            next[x + 1 + step] += error * (1.0 / 16)
                        }
                        x += step
                    }
                    swap(&current, &next)
                    for i in next.indices { next[i] = .zero }
                }
            }
        }
        return out
    }

    /// Each pixel's own colour's entry (the palette holds every colour of the image).
    private func exactIndices(of image: RGBImage) -> [UInt8] {
        var lookup: [UInt32: UInt8] = [:]
        var out = [UInt8](repeating: 0, count: image.width * image.height)
        let rounded = palette.colors
        image.pixels.withUnsafeBufferPointer { p in
            for i in 0..<(image.width * image.height) {
                let packed = UInt32(p[i * 3]) << 16 | UInt32(p[i * 3 + 1]) << 8 | UInt32(p[i * 3 + 2])
                if let hit = lookup[packed] { out[i] = hit; continue }
                let color = SixelPalette.sixelRounded(RGBColor(p[i * 3], p[i * 3 + 1], p[i * 3 + 2]))
                let index = UInt8(rounded.firstIndex(of: color) ?? 0)
                lookup[packed] = index
                out[i] = index
            }
        }
        return out
    }

    /// The entry nearest `value` (channels in 0...255), through the cache.
    @inline(__always)
    private mutating func nearest(_ value: SIMD4<Float>) -> Int {
        let r = Int(value.x) >> 2, g = Int(value.y) >> 2, b = Int(value.z) >> 2
        let key = r << 12 | g << 6 | b
        let hit = cache[key]
        if hit >= 0 { return Int(hit) }
        // The centre of the cell stands for every colour in it.
        let q = DIN99d(r: Float(r * 4) + 1.5, g: Float(g * 4) + 1.5, b: Float(b * 4) + 1.5)
        var best = 0, bestDistance = Float.infinity
        for (k, p) in points.enumerated() {
            let d = q.distanceSquared(to: p)
            if d < bestDistance { bestDistance = d; best = k }
        }
        cache[key] = Int16(best)
        return best
    }
}
