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
    /// Samples `image` onto a `columns` x `rows` grid of cells split by `geometry`. Each cell
    /// covers an equal share of the image (the caller picks a grid of the right aspect).
    public static func sample(_ image: RGBImage, columns: Int, rows: Int, geometry: SymbolGeometry) -> AtomField {
        let ac = geometry.atomColumns, ar = geometry.atomRows, atoms = geometry.atomCount
        let sx = Double(image.width) / Double(columns), sy = Double(image.height) / Double(rows)
        // Global atom column boundaries in source pixels.
        var xb = [Double]()
        xb.reserveCapacity(columns * ac + 1)
        for c in 0..<columns {
            for k in 0..<ac { xb.append((Double(c) + Double(geometry.columns[k]) / Double(SymbolGeometry.cellWidth)) * sx) }
        }
        xb.append(Double(image.width))
        let kx = columns * ac
        // Normalise so that sums are in cell-pixel units.
        let footprint = (sx / Double(SymbolGeometry.cellWidth)) * (sy / Double(SymbolGeometry.cellHeight))
        let norm = Float(1 / footprint)
        let xIndex = xb.map { min(Int($0), image.width) }
        let xFrac = zip(xb, xIndex).map { Float($0 - Double($1)) }

        var sums = [Float](repeating: 0, count: columns * rows * atoms * 3)
        let width = image.width, height = image.height
        image.pixels.withUnsafeBufferPointer { src in
            sums.withUnsafeMutableBufferPointer { out in
                nonisolated(unsafe) let dst = out.baseAddress
                nonisolated(unsafe) let src = src
                DispatchQueue.concurrentPerform(iterations: rows) { r in
                    guard let dst else { return }
                    var prefix = [Int32](repeating: 0, count: (width + 1) * 3)
                    var h = [Float](repeating: 0, count: kx * 3)
                    var acc = [Float](repeating: 0, count: ar * kx * 3)
                    let y0 = (Double(r)) * sy
                    for j in 0..<ar {
                        let top = y0 + Double(geometry.rows[j]) / Double(SymbolGeometry.cellHeight) * sy
                        let bottom = j + 1 == ar ? Double(r + 1) * sy
                            : y0 + Double(geometry.rows[j + 1]) / Double(SymbolGeometry.cellHeight) * sy
                        let first = Int(top), last = min(height, Int(bottom.rounded(.up)))
                        if first >= last { continue }
                        for y in first..<last {
                            let w = Float(min(bottom, Double(y + 1)) - max(top, Double(y)))
                            if w <= 0 { continue }
                            rowAtomSums(src, row: y, width: width, xIndex: xIndex, xFrac: xFrac,
                                        prefix: &prefix, into: &h)
                            let base = j * kx * 3
                            for i in 0..<(kx * 3) { acc[base + i] += w * h[i] }
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
        }
        return AtomField(columns: columns, rows: rows, atomsPerCell: atoms, sums: sums)
    }

    /// Integrals of one source row over each atom column [xb[k], xb[k+1]).
    @inline(__always)
    private static func rowAtomSums(_ src: UnsafeBufferPointer<UInt8>, row y: Int, width: Int,
                                    xIndex: [Int], xFrac: [Float],
                                    prefix: inout [Int32], into h: inout [Float]) {
        let rowStart = y * width * 3
        prefix.withUnsafeMutableBufferPointer { p in
            var r: Int32 = 0, g: Int32 = 0, b: Int32 = 0
            p[0] = 0; p[1] = 0; p[2] = 0
            for x in 0..<width {
                let s = rowStart + x * 3
                r += Int32(src[s]); g += Int32(src[s + 1]); b += Int32(src[s + 2])
                p[(x + 1) * 3] = r; p[(x + 1) * 3 + 1] = g; p[(x + 1) * 3 + 2] = b
            }
        }
        // P(X) = prefix[floor X] + frac(X) * pixel[floor X]
        var previous: (Float, Float, Float) = (0, 0, 0)
        for k in 0..<xIndex.count {
            let i = xIndex[k], f = xFrac[k]
            var v = (Float(prefix[i * 3]), Float(prefix[i * 3 + 1]), Float(prefix[i * 3 + 2]))
            if f > 0, i < width {
                let s = rowStart + i * 3
                v.0 += f * Float(src[s]); v.1 += f * Float(src[s + 1]); v.2 += f * Float(src[s + 2])
            }
            if k > 0 {
                h[(k - 1) * 3] = v.0 - previous.0
                h[(k - 1) * 3 + 1] = v.1 - previous.1
                h[(k - 1) * 3 + 2] = v.2 - previous.2
            }
            previous = v
        }
    }
}
