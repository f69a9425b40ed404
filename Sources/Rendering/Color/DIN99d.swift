import Foundation
import Imaging

/// DIN99d (Cui, Luo, Rigg, Roesler and Witt, 2002): CIELAB reshaped so that Euclidean
/// distance tracks perceived colour difference as CIEDE2000 rates it (it compresses
/// lightness at the ends and chroma where it is high, and turns the hue plane).
///
/// Computed in `Float` from sRGB channels in 0...255 (values outside are clamped), so a
/// palette entry and a query of the same colour get the same coordinates.
struct DIN99d: Sendable, Equatable {
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
        // sRGB (D65) to XYZ, with DIN99d's modified X' = 1.12 X - 0.12 Z; each over the white.
        let x = 0.4124564 * lr + 0.3575761 * lg + 0.1804375 * lb
        let y = 0.2126729 * lr + 0.7151522 * lg + 0.0721750 * lb
        let z = 0.0193339 * lr + 0.1191920 * lg + 0.9503041 * lb
        let fx = Self.labF((1.12 * x - 0.12 * z) / Self.whiteX), fy = Self.labF(y), fz = Self.labF(z / Self.whiteZ)
        let lightness = 116 * fy - 16, redGreen = 500 * (fx - fy), yellowBlue = 200 * (fy - fz)
        // Rotate by 50 degrees and stretch the second axis by 1.14 ...
        let e = redGreen * Self.cos50 + yellowBlue * Self.sin50
        let f = 1.14 * (yellowBlue * Self.cos50 - redGreen * Self.sin50)
        let g = (e * e + f * f).squareRoot()
        // ... compress chroma logarithmically and turn the hue back by 50 degrees, written
        // with the rotation's cosine and sine instead of atan2, cos and sin.
        let scale = g > 0 ? 22.5 * log1p(0.06 * g) / g : 0
        l = 325.22 * log1p(0.0036 * lightness)
        a = scale * (e * Self.cos50 - f * Self.sin50)
        self.b = scale * (f * Self.cos50 + e * Self.sin50)
    }

    private static let cos50 = Float(cos(50 * Double.pi / 180)), sin50 = Float(sin(50 * Double.pi / 180))
    /// D65 white in X' (1.12 Xn - 0.12 Zn) and Z.
    private static let whiteX: Float = 1.12 * 0.95047 - 0.12 * 1.08883, whiteZ: Float = 1.08883

    /// CIELAB's companding: the cube root, linear near black.
    @inline(__always)
    private static func labF(_ t: Float) -> Float {
        t > 216 / 24389 ? cbrt(t) : t * (841 / 108) + 4 / 29
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
    func distanceSquared(to o: DIN99d) -> Float {
        let dl = l - o.l, da = a - o.a, db = b - o.b
        return dl * dl + da * da + db * db
    }
}
