import Dispatch
import Imaging

/// Per-cell colour sums over each atom of a symbol geometry, by exact area integration.
///
/// Atom sums are expressed in cell-pixel units: the sum over an atom of the image
/// area-averaged to 8x16 pixels a cell. With these, the mean colour of any union of atoms
/// is its sum divided by its area, which is all symbol fitting needs.
public struct AtomField: Sendable {
    public let columns: Int
    public let rows: Int
    public let atomsPerCell: Int
    /// Layout: ((row * columns + column) * atomsPerCell + atom) * 3 + channel.
    public var sums: [Float]

    /// The sum for one atom of one cell, per channel.
    public func sum(column: Int, row: Int, atom: Int) -> (Float, Float, Float) {
        let i = ((row * columns + column) * atomsPerCell + atom) * 3
        return (sums[i], sums[i + 1], sums[i + 2])
    }
}

/// Integrates an image over the atoms of a cell grid.
public enum AtomSampler {
    /// Where one atom column starts and ends in source pixels: whole pixels [first, last)
    /// plus fractional coverage of the pixel before `first` and of the pixel at `last`.
    struct Span {
        var first: Int, last: Int
        var lead: Float, leadPixel: Int   // coverage of pixel first-1
        var tail: Float                   // coverage of pixel last
    }

    /// Samples `image` onto a `columns` x `rows` grid of cells split by `geometry`. Each cell
    /// covers an equal share of the image (the caller picks a grid of the right aspect).
    public static func sample(_ image: RGBImage, columns: Int, rows: Int, geometry: SymbolGeometry) -> AtomField {
        let plan = AtomSamplingPlan(width: image.width, height: image.height, columns: columns, rows: rows, geometry: geometry)
        var sums = [Float](repeating: 0, count: plan.fieldCount)
        image.pixels.withUnsafeBufferPointer { source in
            sums.withUnsafeMutableBufferPointer { out in
                nonisolated(unsafe) let dst = out.baseAddress
                nonisolated(unsafe) let src = source.baseAddress
                RowLoop.run(rows: rows, parallel: plan.isWorthParallel) { r in
                    guard let dst, let src else { return }
                    plan.sample(row: r, from: src, into: dst)
                }
            }
        }
        return AtomField(columns: columns, rows: rows, atomsPerCell: geometry.atomCount, sums: sums)
    }

    static func span(from x0: Double, to x1: Double, limit: Int) -> Span {
        let first = min(limit, Int(x0.rounded(.up))), last = max(first, min(limit, Int(x1)))
        let leadPixel = max(0, first - 1)
        let lead = first > 0 ? Float(min(Double(first), x1) - x0) : 0
        let tail = last < limit ? Float(max(0, x1 - Double(max(last, Int(x0))))) : 0
        // An atom inside one pixel: all coverage is the lead part of that pixel.
        if Int(x0) == Int(x1) || x1 <= Double(first) {
            let p = min(limit - 1, Int(x0))
            return Span(first: first, last: first, lead: Float(x1 - x0), leadPixel: p, tail: 0)
        }
        return Span(first: first, last: last, lead: lead, leadPixel: leadPixel, tail: tail)
    }

    /// Integrals of one source row over each atom column.
    @inline(__always)
    static func rowSums(_ row: UnsafePointer<UInt8>, spans: UnsafeBufferPointer<Span>, into h: UnsafeMutablePointer<Float>) {
        for k in 0..<spans.count {
            let s = spans[k]
            var r: UInt32 = 0, g: UInt32 = 0, b: UInt32 = 0
            var p = row + s.first * 3
            for _ in s.first..<s.last {
                r &+= UInt32(p[0]); g &+= UInt32(p[1]); b &+= UInt32(p[2])
                p += 3
            }
            var fr = Float(r), fg = Float(g), fb = Float(b)
            if s.lead > 0 {
                let q = row + s.leadPixel * 3
                fr += s.lead * Float(q[0]); fg += s.lead * Float(q[1]); fb += s.lead * Float(q[2])
            }
            if s.tail > 0 {
                let q = row + s.last * 3
                fr += s.tail * Float(q[0]); fg += s.tail * Float(q[1]); fb += s.tail * Float(q[2])
            }
            h[k * 3] = fr; h[k * 3 + 1] = fg; h[k * 3 + 2] = fb
        }
    }
}
