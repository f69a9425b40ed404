import Foundation
import Imaging
import Testing
@testable import Rendering

/// The palettes' fast nearest-colour searches against brute force over every entry.
struct PaletteTests {
    /// Channel values every 3 steps, plus both sides of every point where the nearest cube
    /// level changes (47.5, 115, 155, 195, 235): the ties are where a search goes wrong.
    static let channelValues: [Int] = Array(Set(Array(stride(from: 0, through: 255, by: 3)) + [255]
        + [47, 48, 94, 95, 96, 114, 115, 116, 134, 135, 136, 154, 155, 156, 174, 175, 176, 194, 195, 196,
           214, 215, 216, 234, 235, 236, 254])).sorted()

    /// Dense colours: the grid of `channelValues`, plus every colour within 2 of the grey
    /// axis (so every sum r + g + b, including those on a midpoint between two greys).
    static let denseSample: [RGBColor] = {
        var out: [RGBColor] = []
        for r in channelValues { for g in channelValues { for b in channelValues { out.append(RGBColor(UInt8(r), UInt8(g), UInt8(b))) } } }
        for v in 0...255 {
            for dg in -2...2 {
                for db in -2...2 where (0...255).contains(v + dg) && (0...255).contains(v + db) {
                    out.append(RGBColor(UInt8(v), UInt8(v + dg), UInt8(v + db)))
                }
            }
        }
        return out
    }()

    /// First entry (palette index) at the least squared sRGB distance, in exact integer
    /// arithmetic; `rgb` holds the entries' channels in order.
    static func bruteForceRGB(_ c: RGBColor, _ rgb: UnsafeBufferPointer<Int32>, _ indices: [UInt8]) -> UInt8 {
        let r = Int32(c.r), g = Int32(c.g), b = Int32(c.b)
        var best = Int32.max, bestPosition = 0
        for i in 0..<indices.count {
            let dr = r - rgb[3 * i], dg = g - rgb[3 * i + 1], db = b - rgb[3 * i + 2]
            let d = dr * dr + dg * dg + db * db
            if d < best { best = d; bestPosition = i }
        }
        return indices[bestPosition]
    }

    /// First entry (palette index) at the least DIN99d distance; `labs` holds the entries in DIN99d.
    static func bruteForceDIN99d(_ c: RGBColor, _ labs: UnsafeBufferPointer<DIN99d>, _ indices: [UInt8]) -> UInt8 {
        let q = DIN99d(c)
        var best = Float.greatestFiniteMagnitude, bestPosition = 0
        for i in 0..<indices.count {
            let d = q.distanceSquared(to: labs[i])
            if d < best { best = d; bestPosition = i }
        }
        return indices[bestPosition]
    }

    static let cases: [(String, Palette, PaletteMetric)] = [
        ("256 rgb", Palette.cube240(.rgb), .rgb), ("256 perceptual", Palette.cube240(.perceptual), .perceptual),
        ("16 rgb", Palette.ansi16(.rgb), .rgb), ("16 perceptual", Palette.ansi16(.perceptual), .perceptual),
    ]

    @Test(arguments: 0..<4)
    func nearestEqualsBruteForceOnADenseSample(_ which: Int) {
        let (name, palette, metric) = Self.cases[which]
        // Brute force in the entries' own order, independent of the palette's search.
        let colors = name.hasPrefix("256") ? (16...255).map { Palette.xterm256(UInt8($0)) } : Palette.xterm16
        let indices = name.hasPrefix("256") ? (16...255).map { UInt8($0) } : (0..<16).map { UInt8($0) }
        let rgb = colors.flatMap { [Int32($0.r), Int32($0.g), Int32($0.b)] }
        let labs = colors.map { DIN99d($0) }
        var mismatches: [String] = []
        rgb.withUnsafeBufferPointer { rgb in
            labs.withUnsafeBufferPointer { labs in
                for c in Self.denseSample {
                    let expected = metric == .rgb ? Self.bruteForceRGB(c, rgb, indices) : Self.bruteForceDIN99d(c, labs, indices)
                    let got = palette.nearest(Float(c.r), Float(c.g), Float(c.b)).index
                    if got != expected, mismatches.count < 5 { mismatches.append("\(c): \(got) vs \(expected)") }
                    // The fitter's path to the same entry's value.
                    let e = Palette.xterm256(expected), value = palette.nearestValue(Float(c.r), Float(c.g), Float(c.b))
                    if value != SIMD4(Float(e.r), Float(e.g), Float(e.b), 0), mismatches.count < 5 {
                        mismatches.append("\(c): value \(value) vs \(e)")
                    }
                }
            }
        }
        #expect(Self.denseSample.count > 900_000)
        #expect(mismatches.isEmpty, "\(name): \(mismatches)")
    }

    @Test func cubeSearchIsOptimalForFractionalAndOutOfRangeColours() {
        // Means and dithered means are fractional and may leave 0...255: the chosen entry must
        // be at the least distance from the clamped colour (to rounding).
        var rng = SplitMix(seed: 11)
        let palette = Palette.cube240(.rgb)
        for _ in 0..<20_000 {
            let q = (0..<3).map { _ in Float(rng.next() % 1_000_000) / 1_000_000 * 300 - 20 }
            let clamped = q.map { min(255, max(0, $0)) }
            func distance(_ c: RGBColor) -> Double {
                let d = [Double(c.r) - Double(clamped[0]), Double(c.g) - Double(clamped[1]), Double(c.b) - Double(clamped[2])]
                return d.reduce(0) { $0 + $1 * $1 }
            }
            let got = distance(palette.nearest(q[0], q[1], q[2]).color)
            let best = palette.entries.map { distance($0.color) }.min() ?? 0
            #expect(got <= best + 1e-3, "\(q): \(got) > \(best)")
        }
    }

    /// DIN99d as Cui et al. (2002) write it, in Double with the hue angle (atan2, cos, sin):
    /// a second formulation to check the fast one against.
    static func referenceDIN99d(_ c: RGBColor) -> (Double, Double, Double) {
        func linear(_ v: UInt8) -> Double {
            let x = Double(v) / 255
            return x <= 0.04045 ? x / 12.92 : pow((x + 0.055) / 1.055, 2.4)
        }
        let r = linear(c.r), g = linear(c.g), b = linear(c.b)
        let x = 0.4124564 * r + 0.3575761 * g + 0.1804375 * b, y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
        let z = 0.0193339 * r + 0.1191920 * g + 0.9503041 * b
        let xd = 1.12 * x - 0.12 * z, xn = 1.12 * 0.95047 - 0.12 * 1.08883
        func f(_ t: Double) -> Double { t > pow(6.0 / 29, 3) ? cbrt(t) : t / (3 * pow(6.0 / 29, 2)) + 4.0 / 29 }
        let lStar = 116 * f(y) - 16, aStar = 500 * (f(xd / xn) - f(y)), bStar = 200 * (f(y) - f(z / 1.08883))
        let angle = 50 * Double.pi / 180
        let e = aStar * cos(angle) + bStar * sin(angle), ff = 1.14 * (-aStar * sin(angle) + bStar * cos(angle))
        let chroma = 22.5 * log(1 + 0.06 * (e * e + ff * ff).squareRoot())
        let hue = atan2(ff, e) + angle
        return (325.22 * log(1 + 0.0036 * lStar), chroma * cos(hue), chroma * sin(hue))
    }

    @Test func din99dMatchesItsDefinition() {
        // White is L 100 (the scale 325.22 is chosen for that) and neutral; greys are neutral.
        let white = DIN99d(.white)
        #expect(abs(white.l - 100) < 1e-2 && abs(white.a) < 1e-3 && abs(white.b) < 1e-3, "\(white)")
        for v in stride(from: 0, through: 255, by: 17) {
            let grey = DIN99d(RGBColor(UInt8(v), UInt8(v), UInt8(v)))
            #expect(abs(grey.a) < 1e-3 && abs(grey.b) < 1e-3, "grey \(v): \(grey)")
        }
        var rng = SplitMix(seed: 5)
        let samples = [RGBColor(255, 0, 0), RGBColor(0, 255, 0), RGBColor(0, 0, 255), RGBColor(38, 42, 76)]
            + (0..<500).map { _ in RGBColor(UInt8(rng.next() % 256), UInt8(rng.next() % 256), UInt8(rng.next() % 256)) }
        for c in samples {
            let fast = DIN99d(c), reference = Self.referenceDIN99d(c)
            #expect(abs(Double(fast.l) - reference.0) < 1e-3 && abs(Double(fast.a) - reference.1) < 1e-3
                    && abs(Double(fast.b) - reference.2) < 1e-3, "\(c): \(fast) vs \(reference)")
        }
    }

    @Test func perceptualKeepsANavyBlue() {
        // The sky of shapes_s3_00000.png: least squares in sRGB gives a grey, DIN99d a blue.
        let navy: (Float, Float, Float) = (38, 42, 76)
        #expect(Palette.cube240(.rgb).nearest(navy.0, navy.1, navy.2).index == 236)  // grey 48
        let blue = Palette.cube240(.perceptual).nearest(navy.0, navy.1, navy.2).color
        #expect(blue.b > blue.r && blue.b > blue.g, "\(blue)")
    }

    @Test func everyEntryMapsToItself() {
        for (_, palette, _) in Self.cases {
            for e in palette.entries {
                #expect(palette.nearest(Float(e.color.r), Float(e.color.g), Float(e.color.b)).index == e.index)
            }
        }
    }
}
