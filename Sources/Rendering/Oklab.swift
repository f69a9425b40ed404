import Foundation
import Imaging

/// Björn Ottosson's Oklab: a perceptual colour space where distance tracks visible difference.
///
/// Computed in `Float` from sRGB channels in 0...255 (values outside are clamped), so a
/// palette entry and a query of the same colour get the same coordinates.
struct Oklab: Sendable, Equatable {
    var l: Float, a: Float, b: Float

    init(l: Float, a: Float, b: Float) {
        self.l = l
        self.a = a
        self.b = b
    }

    init(_ c: RGBColor) {
        self.init(r: Float(c.r), g: Float(c.g), b: Float(c.b))
    }

    init(r: Float, g: Float, b: Float) {
        let lr = Self.linear(r), lg = Self.linear(g), lb = Self.linear(b)
        let lc = cbrt(0.4122214708 * lr + 0.5363325363 * lg + 0.0514459929 * lb)
        let mc = cbrt(0.2119034982 * lr + 0.6806995451 * lg + 0.1073969566 * lb)
        let sc = cbrt(0.0883024619 * lr + 0.2817188376 * lg + 0.6299787005 * lb)
        l = 0.2104542553 * lc + 0.7936177850 * mc - 0.0040720468 * sc
        a = 1.9779984951 * lc - 2.4285922050 * mc + 0.4505937099 * sc
        self.b = 0.0259040371 * lc + 0.7827717662 * mc - 0.8086757660 * sc
    }

    /// The sRGB transfer function undone: channel 0...255 to linear light 0...1, by linear
    /// interpolation in a table of quarter steps (exact at whole values; off by < 1e-6
    /// between, and a third of the cost of `pow`).
    @inline(__always)
    static func linear(_ v: Float) -> Float {
        let x = min(255, max(0, v)) * 4
        let i = min(Int(x), 1019)
        let f = x - Float(i)
        return linearTable[i] + f * (linearTable[i + 1] - linearTable[i])
    }

    /// The exact transfer function at v = 0, 0.25, ..., 255.
    private static let linearTable: [Float] = (0...1020).map { step in
        let x = Double(step) / 4 / 255
        return Float(x <= 0.04045 ? x / 12.92 : pow((x + 0.055) / 1.055, 2.4))
    }

    @inline(__always)
    func distanceSquared(to o: Oklab) -> Float {
        let dl = l - o.l, da = a - o.a, db = b - o.b
        return dl * dl + da * da + db * db
    }
}
