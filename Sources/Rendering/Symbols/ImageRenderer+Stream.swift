import Foundation
import Imaging

extension ImageRenderer {
    /// ``render(_:columns:rows:boxes:)`` of a JPEG still being decoded: each cell row is
    /// sampled and fitted as soon as the source rows it covers are decoded, so the cores
    /// share decoding the bottom and fitting the top. The grid is the one the whole decoded
    /// image gives. `boxes` are in `stream`'s decoded pixels.
    /// - Throws: ``ImageError`` when the decode fails part way.
    public func render(_ stream: JPEGRowStream, columns: Int, rows: Int, boxes: [BoxOverlay] = []) throws(ImageError) -> CellGrid {
        let failure = FirstFailure()
        let pixels = stream.pixels
        nonisolated(unsafe) let source = pixels
        let grid = renderRows(width: stream.width, height: stream.height, columns: columns, rows: rows, boxes: boxes,
                              parallel: true) { needed in
            do throws(ImageError) {
                try stream.waitForRows(needed)
                return source
            } catch {
                failure.keep(error)
                return nil
            }
        }
        if let error = failure.error { throw error }
        return grid
    }
}

/// The first error of a parallel loop's iterations.
private final class FirstFailure: @unchecked Sendable {
    private let lock = NSLock()
    private var first: ImageError?

    func keep(_ error: ImageError) { lock.withLock { if first == nil { first = error } } }
    var error: ImageError? { lock.withLock { first } }
}
