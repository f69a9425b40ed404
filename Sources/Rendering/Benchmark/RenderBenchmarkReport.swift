import Foundation

/// What ``RenderBenchmark`` measured. Encodes as `bench render --json` documents it:
/// {image, size, symbols, colors, iterations, bytes, decode_ms, sample_ms, fit_ms, write_ms,
/// render_ms, total_ms}, medians in milliseconds rounded to microseconds.
public struct RenderBenchmarkReport: Sendable, Encodable {
    public var image: String
    /// Columns x rows.
    public var size: String
    public var symbols: String
    public var colors: String
    public var iterations: Int
    /// Bytes of ANSI output per frame.
    public var bytes: Int
    public var decode: Double
    public var sample: Double
    public var fit: Double
    public var write: Double
    /// sample + fit + write: the rendering work per frame.
    public var render: Double
    public var total: Double

    enum CodingKeys: String, CodingKey {
        case image, size, symbols, colors, iterations, bytes
        case decode = "decode_ms", sample = "sample_ms", fit = "fit_ms", write = "write_ms", render = "render_ms"
        case total = "total_ms"
    }

    /// The report as `bench render` prints it.
    public var text: String {
        let head = "\(image) -> \(size) \(symbols) \(colors): median of \(iterations) frames, \(bytes) bytes of output"
        let steps = [("decode", decode), ("sample", sample), ("fit", fit), ("write", write), ("render", render), ("total", total)]
        return ([head] + steps.map { step, milliseconds in
            let note = step == "render" ? "  (sample + fit + write: the rendering work per frame)" : ""
            return "  " + step.padding(toLength: 8, withPad: " ", startingAt: 0) + String(format: "%8.3f ms", milliseconds) + note
        }).joined(separator: "\n")
    }
}
