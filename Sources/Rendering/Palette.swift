import Dispatch
import Foundation
import Imaging

/// How "nearest" is measured when a colour is mapped to a palette entry.
public enum PaletteMetric: String, CaseIterable, Sendable {
    /// Squared error in sRGB: the least-error choice, and what pixel fidelity measures.
    case rgb
    /// Distance in Oklab, a perceptual space: keeps hue and lightness, at some cost in error.
    case perceptual
}

/// A terminal palette and a fast nearest-colour lookup (a 64x64x64 table).
public struct Palette: Sendable {
    /// The terminal index and sRGB value of every usable entry.
    public let entries: [(index: UInt8, color: RGBColor)]
    /// Nearest entry (position in `entries`) for each 6-bit-per-channel RGB bucket.
    private let table: [UInt8]

    /// xterm's 16 default colours, as most terminals and cellfidelity.py assume.
    public static let xterm16: [RGBColor] = [
        RGBColor(0, 0, 0), RGBColor(205, 0, 0), RGBColor(0, 205, 0), RGBColor(205, 205, 0),
        RGBColor(0, 0, 238), RGBColor(205, 0, 205), RGBColor(0, 205, 205), RGBColor(229, 229, 229),
        RGBColor(127, 127, 127), RGBColor(255, 0, 0), RGBColor(0, 255, 0), RGBColor(255, 255, 0),
        RGBColor(92, 92, 255), RGBColor(255, 0, 255), RGBColor(0, 255, 255), RGBColor(255, 255, 255),
    ]

    /// The sRGB value xterm gives a 256-colour index.
    public static func xterm256(_ n: UInt8) -> RGBColor {
        if n < 16 { return xterm16[Int(n)] }
        if n < 232 {
            let levels: [UInt8] = [0, 95, 135, 175, 215, 255]
            let i = Int(n) - 16
            return RGBColor(levels[i / 36], levels[(i / 6) % 6], levels[i % 6])
        }
        let v = UInt8(8 + 10 * (Int(n) - 232))
        return RGBColor(v, v, v)
    }

    /// Entries 16-255: the cube and the greys, whose values every xterm-like terminal agrees on.
    public static func cube240(_ metric: PaletteMetric) -> Palette {
        metric == .rgb ? cube240RGB : cube240Perceptual
    }

    /// The 16 ANSI colours.
    public static func ansi16(_ metric: PaletteMetric) -> Palette {
        metric == .rgb ? ansi16RGB : ansi16Perceptual
    }

    private static let cube240Entries = (16...255).map { (index: UInt8($0), color: xterm256(UInt8($0))) }
    private static let ansi16Entries = (0..<16).map { (index: UInt8($0), color: xterm16[$0]) }
    private static let cube240RGB = Palette(entries: cube240Entries, metric: .rgb)
    private static let cube240Perceptual = Palette(entries: cube240Entries, metric: .perceptual)
    private static let ansi16RGB = Palette(entries: ansi16Entries, metric: .rgb)
    private static let ansi16Perceptual = Palette(entries: ansi16Entries, metric: .perceptual)

    init(entries: [(index: UInt8, color: RGBColor)], metric: PaletteMetric) {
        self.entries = entries
        let labs = entries.map { Oklab($0.color) }
        let useRGB = metric == .rgb
        var table = [UInt8](repeating: 0, count: 64 * 64 * 64)
        table.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            // One slab of red values per iteration; slabs are disjoint.
            DispatchQueue.concurrentPerform(iterations: 64) { red in
                for key in (red << 12)..<((red + 1) << 12) {
                    let q = RGBColor(Self.bucketCentre(key >> 12), Self.bucketCentre(key >> 6 & 63),
                                     Self.bucketCentre(key & 63))
                    let lab = Oklab(q)
                    var best = 0
                    var bestDistance = Float.greatestFiniteMagnitude
                    for (i, e) in labs.enumerated() {
                        let c = entries[i].color
                        let d = useRGB ? Self.squaredDistance(q, c) : lab.distanceSquared(to: e)
                        if d < bestDistance { bestDistance = d; best = i }
                    }
                    out[key] = UInt8(best)
                }
            }
        }
        self.table = table
    }

    private static func squaredDistance(_ a: RGBColor, _ b: RGBColor) -> Float {
        let dr = Float(a.r) - Float(b.r), dg = Float(a.g) - Float(b.g), db = Float(a.b) - Float(b.b)
        return dr * dr + dg * dg + db * db
    }

    private static func bucketCentre(_ v: Int) -> UInt8 { UInt8(v * 4 + 2) }

    /// The entry nearest to the colour (r, g, b), channels in 0...255.
    @inline(__always)
    public func nearest(_ r: Float, _ g: Float, _ b: Float) -> (index: UInt8, color: RGBColor) {
        let key = Self.bucket(r) << 12 | Self.bucket(g) << 6 | Self.bucket(b)
        return entries[Int(table[key])]
    }

    @inline(__always)
    private static func bucket(_ v: Float) -> Int { min(63, max(0, Int(v) >> 2)) }
}

/// Björn Ottosson's Oklab: a perceptual colour space where distance tracks visible difference.
struct Oklab {
    var l: Float, a: Float, b: Float

    init(_ c: RGBColor) {
        func linear(_ v: UInt8) -> Float {
            let x = Float(v) / 255
            return x <= 0.04045 ? x / 12.92 : Float(pow(Double((x + 0.055) / 1.055), 2.4))
        }
        let r = linear(c.r), g = linear(c.g), bl = linear(c.b)
        let lc = Float(cbrt(Double(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * bl)))
        let mc = Float(cbrt(Double(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * bl)))
        let sc = Float(cbrt(Double(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * bl)))
        l = 0.2104542553 * lc + 0.7936177850 * mc - 0.0040720468 * sc
        a = 1.9779984951 * lc - 2.4285922050 * mc + 0.4505937099 * sc
        b = 0.0259040371 * lc + 0.7827717662 * mc - 0.8086757660 * sc
    }

    func distanceSquared(to o: Oklab) -> Float {
        let dl = l - o.l, da = a - o.a, db = b - o.b
        return dl * dl + da * da + db * db
    }
}
