import Imaging

/// Draws an image with box overlays into a cell grid: sample, rasterise boxes, fit symbols,
/// place labels.
public struct ImageRenderer: Sendable {
    public var symbols: SymbolSet
    public var mode: ColorMode
    public var dither: Bool
    public var metric: PaletteMetric
    public var theme: Theme

    public init(symbols: SymbolSet = .sextant, mode: ColorMode = .truecolor, dither: Bool = false,
                metric: PaletteMetric = .rgb, theme: Theme = .dark) {
        self.symbols = symbols
        self.mode = mode
        self.dither = dither
        self.metric = metric
        self.theme = theme
    }

    /// The largest grid within `maxColumns` x `maxRows` showing an image of the given size
    /// with its aspect ratio, for cells twice as tall as wide; or exactly the maximum when
    /// `stretch` is set.
    public static func gridSize(imageWidth: Int, imageHeight: Int, maxColumns: Int, maxRows: Int,
                                stretch: Bool) -> (columns: Int, rows: Int) {
        let mc = max(1, maxColumns), mr = max(1, maxRows)
        if stretch || imageWidth <= 0 || imageHeight <= 0 { return (mc, mr) }
        let aspect = Double(imageHeight) / Double(imageWidth) / 2
        var columns = mc
        var rows = Int((Double(columns) * aspect).rounded())
        if rows > mr {
            rows = mr
            columns = min(mc, Int((Double(rows) / aspect).rounded()))
        }
        return (max(1, columns), max(1, rows))
    }

    /// Renders `image` on a `columns` x `rows` grid with `boxes` drawn over it.
    public func render(_ image: RGBImage, columns: Int, rows: Int, boxes: [BoxOverlay] = []) -> CellGrid {
        image.pixels.withUnsafeBufferPointer { source in
            nonisolated(unsafe) let pixels = source.baseAddress
            return renderRows(width: image.width, height: image.height, columns: columns, rows: rows, boxes: boxes,
                              parallel: nil) { _ in pixels }
        }
    }

    /// Samples, fits and labels a `columns` x `rows` grid of an image `width` x `height`: each
    /// cell row's atoms are sampled and its cells fitted in one go, rows spread over the
    /// cores (always when `parallel` is true; nil: when the work repays it). `source(n)`
    /// gives the RGB pixels once their first `n` rows are there, or nil to skip the row.
    func renderRows(width: Int, height: Int, columns: Int, rows: Int, boxes: [BoxOverlay], parallel: Bool?,
                    source: @Sendable (Int) -> UnsafePointer<UInt8>?) -> CellGrid {
        let geometry = SymbolGeometry.of(symbols)
        let plan = AtomSamplingPlan(width: width, height: height, columns: columns, rows: rows, geometry: geometry)
        let rasterizer = OverlayRasterizer(geometry: geometry, columns: columns, rows: rows, imageWidth: width, imageHeight: height)
        var drawn = boxes
        if mode == .none {
            // Without colour a box can only be drawn in the terminal's own ink.
            for i in drawn.indices { drawn[i].color = theme.foreground }
        }
        let overlays = rasterizer.rasterize(drawn)
        let fitter = SymbolFitter(geometry: geometry, mode: mode, dither: dither, metric: metric,
                                  assumedForeground: theme.foreground, assumedBackground: theme.background)
        let palette = fitter.palette
        var sums = [Float](repeating: 0, count: plan.fieldCount)
        var cells = [Cell](repeating: .blank, count: columns * rows)
        sums.withUnsafeMutableBufferPointer { field in
            cells.withUnsafeMutableBufferPointer { out in
                nonisolated(unsafe) let field = field, out = out
                let spread = parallel ?? (plan.isWorthParallel || rows * columns >= RowLoop.minimumParallelCells)
                RowLoop.run(rows: rows, parallel: spread) { r in
                    guard let dst = field.baseAddress, let src = source(plan.sourceRowsNeeded(forRow: r)) else { return }
                    plan.sample(row: r, from: src, into: dst)
                    fitter.fit(row: r, columns: columns, sums: UnsafeBufferPointer(field), overlays: overlays,
                               palette: palette, into: out)
                }
            }
        }
        var grid = CellGrid(columns: columns, rows: rows, cells: cells)
        drawLabels(boxes, on: &grid, rasterizer: rasterizer)
        return grid
    }

    func drawLabels(_ boxes: [BoxOverlay], on grid: inout CellGrid, rasterizer: OverlayRasterizer) {
        var placer = LabelPlacer(columns: grid.columns, rows: grid.rows)
        let ac = rasterizer.geometry.atomColumns, ar = rasterizer.geometry.atomRows
        // The selected box's label is placed first so it gets the best spot.
        let ordered = boxes.enumerated().sorted { a, b in
            (a.element.style == .selected ? 0 : 1, a.offset) < (b.element.style == .selected ? 0 : 1, b.offset)
        }
        for (_, box) in ordered {
            guard let label = box.label, !label.isEmpty else { continue }
            // An ASCII-only render keeps labels ASCII too: anything else becomes "?".
            let text = symbols.isASCII ? label.unicodeScalars.map { (0x20...0x7E).contains($0.value) ? $0 : "?" }
                : Array(label.unicodeScalars)
            let left = rasterizer.atomColumn(x: min(box.x1, box.x2)) / ac
            let right = rasterizer.atomColumn(x: max(box.x1, box.x2) - 1e-6) / ac
            let top = rasterizer.atomRow(y: min(box.y1, box.y2)) / ar
            let bottom = rasterizer.atomRow(y: max(box.y1, box.y2) - 1e-6) / ar
            guard let spot = placer.place(length: text.count, left: left, right: right, top: top, bottom: bottom) else { continue }
            let shown = String(String.UnicodeScalarView(text.prefix(spot.length)))
            let attributes: CellAttributes = box.style == .selected ? [.bold] : []
            if mode == .none {
                grid.write(shown, column: spot.column, row: spot.row, foreground: .default, background: .default,
                           attributes: attributes.union(.reverse))
            } else {
                let background = SymbolFitter.terminal(box.color, mode: mode, metric: metric)
                let foreground = SymbolFitter.terminal(theme.labelText(on: box.color), mode: mode, metric: metric)
                grid.write(shown, column: spot.column, row: spot.row, foreground: foreground, background: background,
                           attributes: attributes)
            }
        }
    }
}

extension SymbolFitter {
    /// An sRGB colour as the given mode shows it.
    public static func terminal(_ color: RGBColor, mode: ColorMode, metric: PaletteMetric = .rgb) -> TerminalColor {
        switch mode {
        case .truecolor: return .rgb(color)
        case .ansi256: return CellWorker.terminalColor(color, Palette.cube240(metric))
        case .ansi16: return CellWorker.terminalColor(color, Palette.ansi16(metric))
        case .none: return .default
        }
    }
}
