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
    /// Median milliseconds by step (``RenderBenchmark/steps``).
    public var milliseconds: [String: Double]

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(image, forKey: Key(stringValue: "image"))
        try c.encode(size, forKey: Key(stringValue: "size"))
        try c.encode(symbols, forKey: Key(stringValue: "symbols"))
        try c.encode(colors, forKey: Key(stringValue: "colors"))
        try c.encode(iterations, forKey: Key(stringValue: "iterations"))
        try c.encode(bytes, forKey: Key(stringValue: "bytes"))
        for step in RenderBenchmark.steps {
            try c.encode(milliseconds[step] ?? 0, forKey: Key(stringValue: step + "_ms"))
        }
    }

    /// The report as `bench render` prints it.
    public var text: String {
        let head = "\(image) -> \(size) \(symbols) \(colors): median of \(iterations) frames, \(bytes) bytes of output"
        return ([head] + RenderBenchmark.steps.map { step in
            let note = step == "render" ? "  (sample + fit + write: the rendering work per frame)" : ""
            return "  " + step.padding(toLength: 8, withPad: " ", startingAt: 0)
                + String(format: "%8.3f ms", milliseconds[step] ?? 0) + note
        }).joined(separator: "\n")
    }
}
