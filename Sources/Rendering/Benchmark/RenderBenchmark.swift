import Compute
import Dispatch
import Imaging

/// Frame timings of decoding an image file and rendering it to cells, as `dhscope bench
/// render` reports them: the median of each step over `iterations` frames after one untimed
/// frame (which warms caches and builds palette tables).
public enum RenderBenchmark {
    /// Times `iterations` frames (at least 1) of the image at `imagePath` on a `columns` x
    /// `rows` grid.
    /// - Throws: ``ImageError`` when the file cannot be decoded.
    public static func run(imagePath: String, columns: Int, rows: Int, symbols: SymbolSet, colors: ColorMode,
                           iterations: Int) throws(ImageError) -> RenderBenchmarkReport {
        let decoder = ImageDecoder()
        let geometry = SymbolGeometry.of(symbols)
        let fitter = SymbolFitter(geometry: geometry, mode: colors)
        let writer = AnsiWriter(mode: colors)
        // As `render --stretch` decodes: a JPEG no larger than the grid's cell pixels.
        let box = SymbolGeometry.decodingBox(columns: columns, rows: rows, fill: true)
        _ = writer.renderUTF8(fitter.fit(AtomSampler.sample(try decoder.decodeRGB(contentsOf: imagePath, showingWithin: box).image,
                                                            columns: columns, rows: rows, geometry: geometry)))
        var times: [String: [Double]] = [:]
        var bytes = 0
        for _ in 0..<max(1, iterations) {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let picture = try decoder.decodeRGB(contentsOf: imagePath, showingWithin: box).image
            let t1 = DispatchTime.now().uptimeNanoseconds
            let field = AtomSampler.sample(picture, columns: columns, rows: rows, geometry: geometry)
            let t2 = DispatchTime.now().uptimeNanoseconds
            let grid = fitter.fit(field)
            let t3 = DispatchTime.now().uptimeNanoseconds
            bytes = writer.renderUTF8(grid).count
            let t4 = DispatchTime.now().uptimeNanoseconds
            for (step, start, end) in [("decode", t0, t1), ("sample", t1, t2), ("fit", t2, t3), ("write", t3, t4),
                                       ("render", t1, t4), ("total", t0, t4)] {
                times[step, default: []].append(Double(end - start) / 1e6)
            }
        }
        func median(_ step: String) -> Double { ((times[step]?.median ?? 0) * 1000).rounded() / 1000 }
        return RenderBenchmarkReport(
            image: imagePath, size: "\(columns)x\(rows)", symbols: symbols.rawValue, colors: colors.rawValue,
            iterations: max(1, iterations), bytes: bytes, decode: median("decode"), sample: median("sample"),
            fit: median("fit"), write: median("write"), render: median("render"), total: median("total"))
    }
}
