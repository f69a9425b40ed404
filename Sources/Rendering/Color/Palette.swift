import Imaging

/// How "nearest" is measured when a colour is mapped to a palette entry.
public enum PaletteMetric: String, CaseIterable, Sendable {
    /// Squared error in sRGB: the least-error choice, and what pixel fidelity measures.
    case rgb
    /// Distance in DIN99d, a perceptual space whose distances follow CIEDE2000: keeps hue
    /// and lightness (a navy stays blue rather than turning grey), at some cost in error.
    case perceptual
}

/// A terminal palette and its exact nearest-colour lookup.
///
/// No table is built: the xterm cube and greys in sRGB are found in O(1), the 16 ANSI
/// colours by a scan of 16, and DIN99d by a search pruned on lightness, so creating a
/// palette costs microseconds (a 64x64x64 table used to cost ~150 ms at every start).
public struct Palette: Sendable {
    /// The terminal index and sRGB value of every usable entry.
    public let entries: [(index: UInt8, color: RGBColor)]
    /// The entries' colours as (r, g, b, 0).
    private let values: [SIMD4<Float>]
    private let search: NearestColorSearch

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
    private static let cube240RGB = Palette(entries: cube240Entries, search: .xtermCube)
    private static let cube240Perceptual = Palette(entries: cube240Entries,
                                                   search: .perceptual(PerceptualIndex(cube240Entries.map(\.color)), xtermGuess: true))
    private static let ansi16RGB = Palette(entries: ansi16Entries, metric: .rgb)
    private static let ansi16Perceptual = Palette(entries: ansi16Entries, metric: .perceptual)

    /// A palette of any entries, searched by scanning (rgb) or by the DIN99d index.
    init(entries: [(index: UInt8, color: RGBColor)], metric: PaletteMetric) {
        let colors = entries.map(\.color)
        switch metric {
        case .rgb: self.init(entries: entries, search: .rgbScan(RGBCandidateGrid(colors.map { SIMD3(Float($0.r), Float($0.g), Float($0.b)) })))
        case .perceptual: self.init(entries: entries, search: .perceptual(PerceptualIndex(colors), xtermGuess: false))
        }
    }

    private init(entries: [(index: UInt8, color: RGBColor)], search: NearestColorSearch) {
        self.entries = entries
        self.values = entries.map { SIMD4(Float($0.color.r), Float($0.color.g), Float($0.color.b), 0) }
        self.search = search
    }

    /// The entry nearest to the colour (r, g, b), channels in 0...255 (clamped); among
    /// entries at the same distance, the first.
    @inline(__always)
    public func nearest(_ r: Float, _ g: Float, _ b: Float) -> (index: UInt8, color: RGBColor) {
        entries[search.nearest(Self.clamp(r, g, b))]
    }

    /// The colour (r, g, b, 0) of the entry `nearest(r, g, b)` returns: the fitter's hot
    /// path, which needs the value and not the index.
    @inline(__always)
    func nearestValue(_ r: Float, _ g: Float, _ b: Float) -> SIMD4<Float> {
        let q = Self.clamp(r, g, b)
        if case .xtermCube = search { return NearestColorSearch.nearestXterm(q).value }
        return values[search.nearest(q)]
    }

    /// Whether this is entries 16-255 under least squares in sRGB, which `XtermCubeLanes`
    /// searches eight colours at a time.
    var isXtermCubeRGB: Bool {
        if case .xtermCube = search { return true }
        return false
    }

    @inline(__always)
    private static func clamp(_ r: Float, _ g: Float, _ b: Float) -> SIMD4<Float> {
        // Per channel: SIMD clamps and selects compile to branches per lane here.
        SIMD4(min(255, max(0, r)), min(255, max(0, g)), min(255, max(0, b)), 0)
    }
}
