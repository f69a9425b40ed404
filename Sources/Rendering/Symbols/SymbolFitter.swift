import Dispatch
import Imaging

/// Overlay pixels a cell must show: the atoms in `mask` painted exactly in `color`.
public struct CellOverlay: Sendable, Equatable {
    public var mask: UInt64
    public var color: RGBColor
    public init(mask: UInt64, color: RGBColor) {
        self.mask = mask
        self.color = color
    }
}

/// Chooses, per cell, the glyph and the two colours with the least squared error.
///
/// For a split of the cell's atoms into foreground F and background B, the squared error
/// of painting each part in its mean colour is a constant minus |S_F|^2/n_F + |S_B|^2/n_B
/// (S: colour sums, n: areas), so the search needs only the atom sums. Palette modes add
/// n * |mean - quantised|^2 per part, which keeps the search exact for the colours shown.
public struct SymbolFitter: Sendable {
    public var geometry: SymbolGeometry
    public var mode: ColorMode
    /// Ordered (Bayer 4x4) dithering before quantisation in palette modes.
    public var dither: Bool
    /// How palette modes pick the entry for a colour.
    public var metric: PaletteMetric
    /// Colours the terminal is assumed to use when `mode` is `.none`.
    public var assumedForeground: RGBColor
    public var assumedBackground: RGBColor

    public init(geometry: SymbolGeometry, mode: ColorMode, dither: Bool = false, metric: PaletteMetric = .rgb,
                assumedForeground: RGBColor = .white, assumedBackground: RGBColor = .black) {
        self.geometry = geometry
        self.mode = mode
        self.dither = dither
        self.metric = metric
        self.assumedForeground = assumedForeground
        self.assumedBackground = assumedBackground
    }

    /// Whether palette modes under the rgb metric skip the search for cells whose atoms all
    /// quantise to one entry (the result is the same; tests turn it off to check that).
    var skipsUniformCells = true

    /// Whether 256 colours under the rgb metric score eight splits at a time (the result is
    /// the same; tests turn it off to check that).
    var scoresSplitsInLanes = true

    /// Weight of an overlay atom relative to an image atom: large, so an edge is kept exactly.
    static let overlayWeight: Float = 256

    /// Fits every cell of `field`. `overlays` maps a cell index (row * columns + column) to
    /// the overlay it must show.
    public func fit(_ field: AtomField, overlays: [Int: CellOverlay] = [:]) -> CellGrid {
        let columns = field.columns, rows = field.rows
        var cells = [Cell](repeating: .blank, count: columns * rows)
        let palette = self.palette
        field.sums.withUnsafeBufferPointer { sums in
            cells.withUnsafeMutableBufferPointer { out in
                nonisolated(unsafe) let sums = sums
                nonisolated(unsafe) let out = out
                RowLoop.run(rows: rows, parallel: rows * columns >= RowLoop.minimumParallelCells) { r in
                    fit(row: r, columns: columns, sums: sums, overlays: overlays, palette: palette, into: out)
                }
            }
        }
        return CellGrid(columns: columns, rows: rows, cells: cells)
    }

    /// The palette of `mode`, if it has one.
    var palette: Palette? {
        switch mode {
        case .ansi256: Palette.cube240(metric)
        case .ansi16: Palette.ansi16(metric)
        default: nil
        }
    }

    /// Fits the cells of row `r` of a grid `columns` wide from the whole field's `sums` into
    /// `out` (row-major cells): what ``fit(_:overlays:)`` does for every row.
    func fit(row r: Int, columns: Int, sums: UnsafeBufferPointer<Float>, overlays: [Int: CellOverlay], palette: Palette?,
             into out: UnsafeMutableBufferPointer<Cell>) {
        let worker = CellWorker(geometry: geometry)
        defer { worker.release() }
        for c in 0..<columns {
            let index = r * columns + c
            let overlay = overlays.isEmpty ? nil : overlays[index]
            worker.load(sums, cell: index, overlay: overlay)
            out[index] = worker.solve(self, palette: palette, column: c, row: r, overlay: overlay)
        }
    }
}

/// Scratch space for fitting one cell at a time without allocating (one per thread).
struct CellWorker {
    let geometry: SymbolGeometry
    let atoms: Int
    let useTable: Bool
    let s: UnsafeMutablePointer<Float>      // atom sums, 3 per atom (weighted when overlaid)
    let n: UnsafeMutablePointer<Float>      // atom areas (weighted when overlaid)
    let table: UnsafeMutablePointer<Float>  // subset sums r, g, b, area per mask (small geometries)
    let areas: [Float]
    let splitMasks: [UInt64]
    let allMasks: [UInt64]
    /// 1 / area of each split's foreground and background (0 for an empty part), so the
    /// plain search divides nothing.
    let inverseFg: [Float]
    let inverseBg: [Float]

    init(geometry: SymbolGeometry) {
        self.geometry = geometry
        atoms = geometry.atomCount
        useTable = atoms <= 8
        s = .allocate(capacity: atoms * 3)
        n = .allocate(capacity: atoms)
        table = .allocate(capacity: useTable ? (1 << atoms) * 4 : 4)
        areas = (0..<geometry.atomCount).map { Float(geometry.atomArea($0)) }
        splitMasks = geometry.splits.map(\.mask)
        allMasks = geometry.symbols.map(\.mask)
        let cellArea = Float(SymbolGeometry.cellWidth * SymbolGeometry.cellHeight)
        let areaList = areas
        let fgAreas = splitMasks.map { mask in
            (0..<areaList.count).reduce(Float(0)) { $0 + (mask >> UInt64($1) & 1 == 1 ? areaList[$1] : 0) }
        }
        inverseFg = fgAreas.map { $0 > 0 ? 1 / $0 : 0 }
        inverseBg = fgAreas.map { cellArea - $0 > 0 ? 1 / (cellArea - $0) : 0 }
    }

    func release() {
        s.deallocate()
        n.deallocate()
        table.deallocate()
    }

    func load(_ sums: UnsafeBufferPointer<Float>, cell: Int, overlay: CellOverlay?) {
        let base = cell * atoms * 3
        for a in 0..<atoms {
            if let overlay, overlay.mask >> UInt64(a) & 1 == 1 {
                let w = areas[a] * SymbolFitter.overlayWeight
                s[a * 3] = Float(overlay.color.r) * w
                s[a * 3 + 1] = Float(overlay.color.g) * w
                s[a * 3 + 2] = Float(overlay.color.b) * w
                n[a] = w
            } else {
                s[a * 3] = sums[base + a * 3]
                s[a * 3 + 1] = sums[base + a * 3 + 1]
                s[a * 3 + 2] = sums[base + a * 3 + 2]
                n[a] = areas[a]
            }
        }
        if useTable {
            table[0] = 0; table[1] = 0; table[2] = 0; table[3] = 0
            for m in 1..<(1 << atoms) {
                let low = m & -m, a = low.trailingZeroBitCount, prev = (m ^ low) * 4
                table[m * 4] = table[prev] + s[a * 3]
                table[m * 4 + 1] = table[prev + 1] + s[a * 3 + 1]
                table[m * 4 + 2] = table[prev + 2] + s[a * 3 + 2]
                table[m * 4 + 3] = table[prev + 3] + n[a]
            }
        }
    }

    /// Colour sums and area of the atoms in `mask`.
    @inline(__always)
    func part(_ mask: UInt64) -> (Float, Float, Float, Float) {
        if useTable {
            let i = Int(mask) * 4
            return (table[i], table[i + 1], table[i + 2], table[i + 3])
        }
        var r: Float = 0, g: Float = 0, b: Float = 0, area: Float = 0
        var m = mask
        while m != 0 {
            let a = m.trailingZeroBitCount
            r += s[a * 3]; g += s[a * 3 + 1]; b += s[a * 3 + 2]; area += n[a]
            m &= m - 1
        }
        return (r, g, b, area)
    }

    func solve(_ fitter: SymbolFitter, palette: Palette?, column: Int, row: Int, overlay: CellOverlay?) -> Cell {
        let full: UInt64 = atoms >= 64 ? ~0 : (1 << UInt64(atoms)) - 1
        let total = part(full)
        if fitter.mode == .none {
            return solveMonochrome(fitter, total: total)
        }
        let offset: Float = fitter.dither && palette != nil ? Self.bayer[(row & 3) * 4 + (column & 3)] : 0
        if let palette, overlay == nil, fitter.metric == .rgb, fitter.skipsUniformCells,
           let cell = uniformCell(palette, total: total, offset: offset) {
            return cell
        }
        var bestScore = -Float.greatestFiniteMagnitude
        var bestMask: UInt64 = 0
        if palette == nil && overlay == nil && useTable {
            // Plain true colour: maximise |S_F|^2 / n_F + |S_B|^2 / n_B with known areas.
            for (i, mask) in splitMasks.enumerated() {
                let t = Int(mask) * 4
                let fr = table[t], fg = table[t + 1], fb = table[t + 2]
                let br = total.0 - fr, bg = total.1 - fg, bb = total.2 - fb
                let score = (fr * fr + fg * fg + fb * fb) * inverseFg[i] + (br * br + bg * bg + bb * bb) * inverseBg[i]
                if score > bestScore { bestScore = score; bestMask = mask }
            }
            return finish(bestMask, total: total, palette: nil, offset: 0, overlay: nil)
        }
        if let palette, palette.isXtermCubeRGB, useTable, fitter.scoresSplitsInLanes {
            return finish(xtermLaneSearch(total: total, offset: offset), total: total, palette: palette, offset: offset,
                          overlay: overlay)
        }
        for mask in splitMasks {
            let f = part(mask)
            let b = (total.0 - f.0, total.1 - f.1, total.2 - f.2, total.3 - f.3)
            let score = Self.gain(f, palette, offset) + Self.gain(b, palette, offset)
            if score > bestScore { bestScore = score; bestMask = mask }
        }
        return finish(bestMask, total: total, palette: palette, offset: offset, overlay: overlay)
    }

    /// The split the scan in `solve` picks for xterm's entries 16-255 (the first of the
    /// highest scores), with eight splits scored at once: the same float operations per
    /// lane as `gain` and `NearestColorSearch.nearestXterm`, so the same scores. About
    /// half the time of one split at a time (a 1080p photo at 200x60 sextants).
    private func xtermLaneSearch(total: (Float, Float, Float, Float), offset: Float) -> UInt64 {
        typealias Lanes = XtermCubeLanes.Lanes
        var bestScore = -Float.greatestFiniteMagnitude
        var bestMask: UInt64 = 0
        let count = splitMasks.count
        var start = 0
        while start < count {
            let lanes = min(Lanes.scalarCount, count - start)
            // Unused lanes have no area: a gain of 0, and they are not read below.
            var fr = Lanes.zero, fg = Lanes.zero, fb = Lanes.zero, fa = Lanes.zero
            for lane in 0..<lanes {
                let t = Int(splitMasks[start + lane]) * 4
                fr[lane] = table[t]; fg[lane] = table[t + 1]; fb[lane] = table[t + 2]; fa[lane] = table[t + 3]
            }
            let scores = Self.xtermGains(fr, fg, fb, fa, offset)
                + Self.xtermGains(total.0 - fr, total.1 - fg, total.2 - fb, total.3 - fa, offset)
            for lane in 0..<lanes where scores[lane] > bestScore {
                bestScore = scores[lane]
                bestMask = splitMasks[start + lane]
            }
            start += lanes
        }
        return bestMask
    }

    /// `gain` for eight parts (sums r, g, b and areas) in xterm's entries 16-255.
    @inline(__always)
    static func xtermGains(_ sr: XtermCubeLanes.Lanes, _ sg: XtermCubeLanes.Lanes, _ sb: XtermCubeLanes.Lanes,
                           _ area: XtermCubeLanes.Lanes, _ offset: Float) -> XtermCubeLanes.Lanes {
        typealias Lanes = XtermCubeLanes.Lanes
        let inverse: Lanes = 1 / area
        let r: Lanes = sr * inverse, g: Lanes = sg * inverse, b: Lanes = sb * inverse
        let value: Lanes = area * XtermCubeLanes.squaredDistance(r, g, b)
        @inline(__always) func clamp(_ v: Lanes) -> Lanes { XtermCubeLanes.clamped(v, to: 255) }
        let q = XtermCubeLanes.nearest(clamp(r + offset), clamp(g + offset), clamp(b + offset))
        let error: Lanes = area * XtermCubeLanes.squaredDistance(r - q.r, g - q.g, b - q.b)
        let gain: Lanes = value - error
        // An empty part gains nothing (its lanes divided by zero above).
        return gain.replacing(with: 0, where: .!(area .> 0))
    }

    /// The cell when every atom's mean quantises to one entry q, without the search.
    ///
    /// The nearest-entry regions of least squares in sRGB are convex, so the mean of any
    /// union of atoms quantises to q as well; then a part's gain n|m|^2 - n|m - q|^2 is
    /// 2 S.q - n|q|^2, and a split's score, summed over its two parts, is the same for every
    /// split. The search would keep the space (or, by rounding, a glyph whose colours are
    /// both q, which `finish` turns into the space): a space in q. Photos have many such
    /// cells in 256 colours and more in 16.
    private func uniformCell(_ palette: Palette, total: (Float, Float, Float, Float), offset: Float) -> Cell? {
        @inline(__always) func quantised(_ a: Int) -> SIMD4<Float> {
            let inverse = 1 / n[a]
            return palette.nearestValue(s[a * 3] * inverse + offset, s[a * 3 + 1] * inverse + offset,
                                        s[a * 3 + 2] * inverse + offset)
        }
        let q = quantised(0)
        for a in 1..<atoms where quantised(a) != q { return nil }
        let color = Self.color(of: total, palette, offset)
        return Cell(" ", foreground: color, background: color)
    }

    /// The cell for the chosen split: each part in its mean (or quantised, or overlay) colour.
    private func finish(_ bestMask: UInt64, total: (Float, Float, Float, Float), palette: Palette?,
                        offset: Float, overlay: CellOverlay?) -> Cell {
        let full: UInt64 = atoms >= 64 ? ~0 : (1 << UInt64(atoms)) - 1
        let f = part(bestMask)
        let b = (total.0 - f.0, total.1 - f.1, total.2 - f.2, total.3 - f.3)
        var fg = Self.color(of: f, palette, offset)
        var bg = Self.color(of: b, palette, offset)
        if let overlay {
            // The part holding most of the overlay shows its colour exactly.
            let shown = Self.terminalColor(overlay.color, palette)
            let inFg = (overlay.mask & bestMask).nonzeroBitCount, inBg = (overlay.mask & ~bestMask & full).nonzeroBitCount
            if inFg >= inBg { fg = shown } else { bg = shown }
        }
        // A glyph whose two colours came out the same shows nothing: a space says so without
        // ink (and keeps flat areas free of stray characters, which ASCII glyphs would show).
        if bestMask == 0 || fg == bg { return Cell(" ", foreground: bg, background: bg) }
        return Cell(geometry.scalar(forSplit: bestMask), foreground: fg, background: bg)
    }

    /// Glyph only: the terminal paints the mask in its own foreground over its background.
    private func solveMonochrome(_ fitter: SymbolFitter, total: (Float, Float, Float, Float)) -> Cell {
        let fc = fitter.assumedForeground, bc = fitter.assumedBackground
        let fv = (Float(fc.r), Float(fc.g), Float(fc.b)), bv = (Float(bc.r), Float(bc.g), Float(bc.b))
        let ff = fv.0 * fv.0 + fv.1 * fv.1 + fv.2 * fv.2, bb = bv.0 * bv.0 + bv.1 * bv.1 + bv.2 * bv.2
        var best = Float.greatestFiniteMagnitude
        var bestMask: UInt64 = 0
        for mask in allMasks {
            let f = part(mask)
            let b = (total.0 - f.0, total.1 - f.1, total.2 - f.2, total.3 - f.3)
            let error = f.3 * ff - 2 * (fv.0 * f.0 + fv.1 * f.1 + fv.2 * f.2)
                + b.3 * bb - 2 * (bv.0 * b.0 + bv.1 * b.1 + bv.2 * b.2)
            if error < best { best = error; bestMask = mask }
        }
        return Cell(geometry.scalar(for: bestMask))
    }

    /// |S|^2 / n, less the quantisation error n * |mean - q|^2 in palette modes.
    @inline(__always)
    static func gain(_ p: (Float, Float, Float, Float), _ palette: Palette?, _ offset: Float) -> Float {
        guard p.3 > 0 else { return 0 }
        let inverse = 1 / p.3
        let r = p.0 * inverse, g = p.1 * inverse, b = p.2 * inverse
        var value = p.3 * (r * r + g * g + b * b)
        if let palette {
            let q = palette.nearestValue(r + offset, g + offset, b + offset)
            let dr = r - q.x, dg = g - q.y, db = b - q.z
            value -= p.3 * (dr * dr + dg * dg + db * db)
        }
        return value
    }

    static func color(of p: (Float, Float, Float, Float), _ palette: Palette?, _ offset: Float) -> TerminalColor {
        guard p.3 > 0 else { return palette == nil ? .rgb(.black) : .indexed(16) }
        let r = p.0 / p.3, g = p.1 / p.3, b = p.2 / p.3
        if let palette { return .indexed(palette.nearest(r + offset, g + offset, b + offset).index) }
        return .rgb(RGBColor(clamp(r), clamp(g), clamp(b)))
    }

    static func terminalColor(_ c: RGBColor, _ palette: Palette?) -> TerminalColor {
        guard let palette else { return .rgb(c) }
        return .indexed(palette.nearest(Float(c.r), Float(c.g), Float(c.b)).index)
    }

    @inline(__always)
    static func clamp(_ v: Float) -> UInt8 { UInt8(min(255, max(0, v.rounded()))) }

    /// A 4x4 Bayer matrix scaled to about one palette step of the colour cube.
    static let bayer: [Float] = [0, 8, 2, 10, 12, 4, 14, 6, 3, 11, 1, 9, 15, 7, 13, 5].map { ($0 / 16 - 0.5) * 24 }
}
