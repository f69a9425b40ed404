import Foundation

/// Box-filter resampling that integrates the source exactly over each output pixel's footprint.
public enum AreaResize {
    /// Resizes `image` to `width` x `height` by exact area averaging (for display).
    public static func resize(_ image: RGBImage, width: Int, height: Int) -> RGBImage {
        let cols = AreaWeights(source: image.width, target: width)
        let rows = AreaWeights(source: image.height, target: height)
        var out = [UInt8](repeating: 0, count: width * height * 3)
        // Horizontal pass into Float rows, then the vertical pass, both summing taps in order.
        // The horizontal rows are made as output rows need them (a few at a time, not the
        // whole image: no large buffer to fault in), in a few bands of output rows at once.
        let bands = max(1, min(height / 32, ProcessInfo.processInfo.activeProcessorCount))
        image.pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { out in
                cols.withTaps { colOffsets, colIndices, colWeights in
                    rows.withTaps { rowOffsets, rowIndices, rowWeights in
                        let shared = ResizeBuffers(src: src, out: out, colOffsets: colOffsets, colIndices: colIndices,
                                                   colWeights: colWeights, rowOffsets: rowOffsets, rowIndices: rowIndices,
                                                   rowWeights: rowWeights)
                        DispatchQueue.concurrentPerform(iterations: bands) { band in
                            shared.resizeRows(height * band / bands..<height * (band + 1) / bands,
                                              sourceWidth: image.width, width: width)
                        }
                    }
                }
            }
        }
        return RGBImage(width: width, height: height, pixels: out) ?? RGBImage(width: width, height: height)
    }
}

/// The buffers one resize reads and writes; bands of output rows write disjoint rows.
private struct ResizeBuffers: @unchecked Sendable {
    let src: UnsafeBufferPointer<UInt8>
    let out: UnsafeMutableBufferPointer<UInt8>
    let colOffsets: UnsafeBufferPointer<Int>, colIndices: UnsafeBufferPointer<Int>, colWeights: UnsafeBufferPointer<Float>
    let rowOffsets: UnsafeBufferPointer<Int>, rowIndices: UnsafeBufferPointer<Int>, rowWeights: UnsafeBufferPointer<Float>

    /// Output rows `range`, each from its source rows resized horizontally (kept in a small
    /// cache by source row: consecutive output rows share a boundary row).
    func resizeRows(_ range: Range<Int>, sourceWidth: Int, width: Int) {
        // More slots than any output row has taps, so a row's source rows never share one.
        var slots = 2
        for y in range { slots = max(slots, rowOffsets[y + 1] - rowOffsets[y] + 1) }
        var cache = [Float](repeating: 0, count: slots * width * 3)
        var cachedRow = [Int](repeating: -1, count: slots)
        cache.withUnsafeMutableBufferPointer { cache in
            for y in range {
                for t in rowOffsets[y]..<rowOffsets[y + 1] {
                    let sy = rowIndices[t], slot = sy % slots
                    guard cachedRow[slot] != sy else { continue }
                    cachedRow[slot] = sy
                    let srow = sy * sourceWidth * 3, drow = slot * width * 3
                    for x in 0..<width {
                        var r: Float = 0, g: Float = 0, b: Float = 0
                        for k in colOffsets[x]..<colOffsets[x + 1] {
                            let s = srow + colIndices[k] * 3, w = colWeights[k]
                            r += Float(src[s]) * w
                            g += Float(src[s + 1]) * w
                            b += Float(src[s + 2]) * w
                        }
                        cache[drow + x * 3] = r
                        cache[drow + x * 3 + 1] = g
                        cache[drow + x * 3 + 2] = b
                    }
                }
                for x in 0..<(width * 3) {
                    var v: Float = 0
                    for t in rowOffsets[y]..<rowOffsets[y + 1] { v += cache[(rowIndices[t] % slots) * width * 3 + x] * rowWeights[t] }
                    // Half up by truncation: v >= 0, and roundf is a call, not an instruction.
                    out[y * width * 3 + x] = UInt8(min(255, max(0, v)) + 0.5)
                }
            }
        }
    }
}

/// For each output index, the source indices it covers and their normalised coverage weights.
struct AreaWeights {
    private var start: [Int] = []
    private var weights: [[Float]] = []

    init(source: Int, target: Int) {
        let scale = Double(source) / Double(target)
        for o in 0..<target {
            let lo = Double(o) * scale, hi = Double(o + 1) * scale
            let first = Int(lo.rounded(.down)), last = min(source - 1, Int((hi - 1e-9).rounded(.down)))
            var ws: [Float] = []
            for i in first...max(first, last) {
                let overlap = min(hi, Double(i + 1)) - max(lo, Double(i))
                ws.append(Float(max(0, overlap) / scale))
            }
            start.append(first)
            weights.append(ws)
        }
    }

    /// The taps flat: output o's are positions offsets[o]..<offsets[o + 1] of indices and weights.
    func withTaps<R>(_ body: (UnsafeBufferPointer<Int>, UnsafeBufferPointer<Int>, UnsafeBufferPointer<Float>) -> R) -> R {
        var offsets = [0], indices: [Int] = [], flat: [Float] = []
        for o in weights.indices {
            for (k, w) in weights[o].enumerated() {
                indices.append(start[o] + k)
                flat.append(w)
            }
            offsets.append(indices.count)
        }
        return offsets.withUnsafeBufferPointer { o in
            indices.withUnsafeBufferPointer { i in flat.withUnsafeBufferPointer { w in body(o, i, w) } }
        }
    }
}
