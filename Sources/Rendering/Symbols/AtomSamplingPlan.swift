import Imaging

/// How an image of a given size is integrated over the atoms of a cell grid, one cell row
/// at a time (``AtomSampler``): each row needs only the source rows it covers, so a picture
/// still being decoded can be sampled from the top (``JPEGRowStream``).
struct AtomSamplingPlan: Sendable {
    let width: Int, height: Int
    let columns: Int, rows: Int
    let geometry: SymbolGeometry
    /// Where each atom column starts and ends in source pixels.
    private let spans: [AtomSampler.Span]
    private let sx: Double, sy: Double
    /// Scales sums to cell-pixel units.
    private let norm: Float

    init(width: Int, height: Int, columns: Int, rows: Int, geometry: SymbolGeometry) {
        self.width = width
        self.height = height
        self.columns = columns
        self.rows = rows
        self.geometry = geometry
        let ac = geometry.atomColumns
        sx = Double(width) / Double(columns)
        sy = Double(height) / Double(rows)
        var spans: [AtomSampler.Span] = []
        spans.reserveCapacity(columns * ac)
        for c in 0..<columns {
            for k in 0..<ac {
                let x0 = (Double(c) + Double(geometry.columns[k]) / Double(SymbolGeometry.cellWidth)) * sx
                let x1 = (Double(c) + Double(geometry.columns[k + 1]) / Double(SymbolGeometry.cellWidth)) * sx
                spans.append(AtomSampler.span(from: x0, to: x1, limit: width))
            }
        }
        self.spans = spans
        // Normalise so that sums are in cell-pixel units.
        let footprint = (sx / Double(SymbolGeometry.cellWidth)) * (sy / Double(SymbolGeometry.cellHeight))
        norm = Float(1 / footprint)
    }

    /// Floats in the whole field: 3 per atom of every cell.
    var fieldCount: Int { columns * rows * geometry.atomCount * 3 }

    /// Whether sampling repays waking the thread pool.
    var isWorthParallel: Bool {
        rows * columns >= RowLoop.minimumParallelCells || width * height >= RowLoop.minimumParallelPixels
    }

    /// Source rows cell row `r` reads: all of them are below this.
    func sourceRowsNeeded(forRow r: Int) -> Int {
        min(height, Int((Double(r + 1) * sy).rounded(.up)))
    }

    /// Cell row `r`'s atom sums from `src` (RGB rows of `width`) into `dst`, the whole field
    /// (``AtomField/sums``'s layout).
    func sample(row r: Int, from src: UnsafePointer<UInt8>, into dst: UnsafeMutablePointer<Float>) {
        let ac = geometry.atomColumns, ar = geometry.atomRows, atoms = geometry.atomCount
        let kx = columns * ac
        let h = UnsafeMutablePointer<Float>.allocate(capacity: kx * 3)
        let acc = UnsafeMutablePointer<Float>.allocate(capacity: ar * kx * 3)
        defer { h.deallocate(); acc.deallocate() }
        acc.initialize(repeating: 0, count: ar * kx * 3)
        // Atom row boundaries of this cell row, in source pixels.
        let bounds = (0...ar).map { j in
            j == ar ? Double(r + 1) * sy
                : (Double(r) + Double(geometry.rows[j]) / Double(SymbolGeometry.cellHeight)) * sy
        }
        let firstRow = Int(bounds[0]), lastRow = min(height, Int(bounds[ar].rounded(.up)))
        spans.withUnsafeBufferPointer { spans in
            var y = firstRow
            while y < lastRow {
                AtomSampler.rowSums(src + y * width * 3, spans: spans, into: h)
                // Spread this source row over the atom rows it overlaps.
                for j in 0..<ar {
                    let w = Float(min(bounds[j + 1], Double(y + 1)) - max(bounds[j], Double(y)))
                    if w <= 0 { continue }
                    let a = acc + j * kx * 3
                    for i in 0..<(kx * 3) { a[i] += w * h[i] }
                }
                y += 1
            }
        }
        // Scatter into cell-major layout.
        for c in 0..<columns {
            for j in 0..<ar {
                for k in 0..<ac {
                    let s = (j * kx + c * ac + k) * 3
                    let d = (((r * columns + c) * atoms) + j * ac + k) * 3
                    dst[d] = acc[s] * norm
                    dst[d + 1] = acc[s + 1] * norm
                    dst[d + 2] = acc[s + 2] * norm
                }
            }
        }
    }
}
