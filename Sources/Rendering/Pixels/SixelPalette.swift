import Foundation
import Imaging

/// Up to 256 colours chosen for one image: median cut over a histogram of the image's
/// colours in DIN99d (a perceptual space, so the boxes split where the eye sees differences),
/// then a few rounds of k-means on the same histogram. Entries are rounded to what sixel can
/// say (whole percents of each channel), so dithering diffuses the error that really remains.
public struct SixelPalette: Sendable, Equatable {
    /// The colours, at most 256, as a sixel terminal will show them.
    public let colors: [RGBColor]

    /// A palette given entry by entry (rounded to sixel percents).
    /// Whether every colour of the image it was made for is an entry (before rounding to
    /// percents): then each pixel maps to its own colour, with nothing to dither.
    public let isExact: Bool
    /// The colours that were asked to be kept (e.g. the overlays' line and label colours),
    /// unrounded; pixels of exactly these colours map to their entries undithered.
    public let reserved: [RGBColor]

    /// A palette given entry by entry (rounded to sixel percents).
    public init(colors: [RGBColor]) {
        self.colors = colors.map(Self.sixelRounded)
        isExact = false
        reserved = []
    }

    /// A palette of at most `maximum` colours (1...256) for `image`, holding `reserved`
    /// colours whatever their share of pixels (box lines are thin, but must keep their
    /// colour): they come first, the rest is chosen for the image.
    public init(for image: RGBImage, maximum: Int = 256, reserved: [RGBColor] = [], refinements: Int = 2) {
        let maximum = min(256, max(1, maximum))
        var kept: [RGBColor] = []
        for color in reserved where !kept.contains(color) && kept.count < maximum / 4 { kept.append(color) }
        let histogram = Histogram(image)
        let bins = histogram.bins
        var entries: [RGBColor]
        if histogram.isExact && bins.count <= maximum {
            // Few colours, each alone in its bin: the palette is the image's colours.
            entries = bins.map(\.color)
            isExact = true
        } else {
            let free = maximum - kept.count
            var centroids = bins.count <= free ? bins.map(\.color) : MedianCut.split(bins, into: free)
            if bins.count > free {
                for _ in 0..<refinements { centroids = KMeans.refine(centroids, bins: bins) }
            }
            entries = kept + centroids
            isExact = false
        }
        self.reserved = kept
        // Two entries that round to the same sixel colour are one.
        var seen = Set<RGBColor>()
        colors = entries.map(Self.sixelRounded).filter { seen.insert($0).inserted }
    }

    /// A channel as sixel sends it: a whole percent.
    public static func percent(_ v: UInt8) -> Int { (Int(v) * 100 + 127) / 255 }

    /// The channel value a terminal makes of a percent.
    public static func channel(percent p: Int) -> UInt8 { UInt8((p * 255 + 50) / 100) }

    static func sixelRounded(_ c: RGBColor) -> RGBColor {
        RGBColor(channel(percent: percent(c.r)), channel(percent: percent(c.g)), channel(percent: percent(c.b)))
    }
}

/// One occupied histogram bin: the mean colour of the pixels in it and how many they are.
struct ColorBin {
    var color: RGBColor
    var count: Float
    var point: DIN99d
}

/// The image's colours in 32x32x32 bins (5 bits a channel), each with its pixels' exact mean.
struct Histogram {
    let bins: [ColorBin]
    /// Whether every bin holds one colour only (so the bins' means are the image's colours).
    let isExact: Bool

    init(_ image: RGBImage) {
        var counts = [UInt32](repeating: 0, count: 32768)
        var sums = [UInt32](repeating: 0, count: 32768 * 3)
        var firstColor = [UInt32](repeating: UInt32.max, count: 32768)
        var mixed = false
        image.pixels.withUnsafeBufferPointer { p in
            counts.withUnsafeMutableBufferPointer { c in
                sums.withUnsafeMutableBufferPointer { s in
                    var i = 0
                    while i < p.count {
                        let r = p[i], g = p[i + 1], b = p[i + 2]
                        let key = Int(r >> 3) << 10 | Int(g >> 3) << 5 | Int(b >> 3)
                        let packed = UInt32(r) << 16 | UInt32(g) << 8 | UInt32(b)
                        if firstColor[key] == UInt32.max { firstColor[key] = packed } else if firstColor[key] != packed { mixed = true }
                        c[key] &+= 1
                        s[key * 3] &+= UInt32(r)
                        s[key * 3 + 1] &+= UInt32(g)
                        s[key * 3 + 2] &+= UInt32(b)
                        i += 3
                    }
                }
            }
        }
        var bins: [ColorBin] = []
        for key in 0..<32768 where counts[key] > 0 {
            let n = counts[key]
            let color = RGBColor(UInt8((sums[key * 3] + n / 2) / n), UInt8((sums[key * 3 + 1] + n / 2) / n),
                                 UInt8((sums[key * 3 + 2] + n / 2) / n))
            bins.append(ColorBin(color: color, count: Float(n), point: DIN99d(color)))
        }
        self.bins = bins
        isExact = !mixed
    }
}

/// Median cut in DIN99d, splitting as Wu's variance cut does: the box with the largest
/// weighted squared error is split across its axis of largest variance at the weighted mean
/// (a linear partition, no sort), until there are enough boxes.
enum MedianCut {
    /// A box: a range of the bins being split, and its statistics.
    struct Box {
        var range: Range<Int>
        var error: Float
        var axis: Int
        var center: SIMD3<Float>

        init(_ bins: UnsafeMutableBufferPointer<ColorBin>, _ range: Range<Int>) {
            self.range = range
            var n: Float = 0, mean = SIMD3<Float>(repeating: 0), square = SIMD3<Float>(repeating: 0)
            for i in range {
                let bin = bins[i]
                let v = SIMD3(bin.point.l, bin.point.a, bin.point.b)
                n += bin.count
                mean += v * bin.count
                square += v * v * bin.count
            }
            let variance = n > 0 ? square - mean * mean / n : .zero
            center = n > 0 ? mean / n : .zero
            error = range.count > 1 ? variance.sum() : 0
            axis = variance.x >= variance.y && variance.x >= variance.z ? 0 : variance.y >= variance.z ? 1 : 2
        }
    }

    /// The mean colour of each of `count` boxes.
    static func split(_ bins: [ColorBin], into count: Int) -> [RGBColor] {
        var all = bins
        return all.withUnsafeMutableBufferPointer { all in
            var boxes = [Box(all, 0..<all.count)]
            while boxes.count < count {
                guard let worst = boxes.indices.max(by: { boxes[$0].error < boxes[$1].error }), boxes[worst].error > 0 else { break }
                let box = boxes[worst]
                let range = box.range, axis = box.axis
                let split = box.center[axis]
                func key(_ b: ColorBin) -> Float { axis == 0 ? b.point.l : axis == 1 ? b.point.a : b.point.b }
                // Partition in place around the mean (no sort): larger keys to the end.
                var low = range.lowerBound, high = range.upperBound - 1
                while low <= high {
                    if key(all[low]) > split {
                        all.swapAt(low, high)
                        high -= 1
                    } else {
                        low += 1
                    }
                }
                var cut = low
                if cut == range.lowerBound || cut == range.upperBound {
                    // Every bin on one side of the mean (rounding): split by order instead.
                    var slice = Array(all[range])
                    slice.sort { key($0) < key($1) }
                    for (k, bin) in slice.enumerated() { all[range.lowerBound + k] = bin }
                    cut = range.lowerBound + range.count / 2
                }
                boxes[worst] = Box(all, range.lowerBound..<cut)
                boxes.append(Box(all, cut..<range.upperBound))
            }
            return boxes.map { mean(of: all, $0.range) }
        }
    }

    static func mean(of bins: UnsafeMutableBufferPointer<ColorBin>, _ range: Range<Int>) -> RGBColor {
        var n: Float = 0, r: Float = 0, g: Float = 0, b: Float = 0
        for i in range {
            let bin = bins[i]
            n += bin.count
            r += Float(bin.color.r) * bin.count
            g += Float(bin.color.g) * bin.count
            b += Float(bin.color.b) * bin.count
        }
        guard n > 0 else { return .black }
        return RGBColor(UInt8((r / n).rounded()), UInt8((g / n).rounded()), UInt8((b / n).rounded()))
    }
}

/// Lloyd's k-means over the histogram bins in DIN99d (weighted by their pixel counts); a
/// centroid that loses every bin keeps its colour.
enum KMeans {
    static func refine(_ centroids: [RGBColor], bins: [ColorBin]) -> [RGBColor] {
        let index = PerceptualIndex(centroids)
        // The bins in a few chunks at once, each summing into its own row of `sums`.
        let chunks = max(1, min(ProcessInfo.processInfo.activeProcessorCount, bins.count / 2048))
        let k = centroids.count
        var sums = [SIMD4<Float>](repeating: .zero, count: k * chunks)
        sums.withUnsafeMutableBufferPointer { sums in
            let shared = KMeansSums(sums: sums)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                for i in (bins.count * chunk / chunks)..<(bins.count * (chunk + 1) / chunks) {
                    let bin = bins[i]
                    shared.sums[chunk * k + index.nearest(bin.point)] += SIMD4(Float(bin.color.r), Float(bin.color.g),
                                                                              Float(bin.color.b), 1) * bin.count
                }
            }
        }
        return centroids.indices.map { c in
            var s = SIMD4<Float>.zero
            for chunk in 0..<chunks { s += sums[chunk * k + c] }
            guard s.w > 0 else { return centroids[c] }
            return RGBColor(UInt8((s.x / s.w).rounded()), UInt8((s.y / s.w).rounded()), UInt8((s.z / s.w).rounded()))
        }
    }
}

/// The per-chunk sums of one k-means round; each chunk writes its own row.
private struct KMeansSums: @unchecked Sendable {
    let sums: UnsafeMutableBufferPointer<SIMD4<Float>>
}
