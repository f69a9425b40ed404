import ArgumentParser
import Compute
import Dispatch
import Foundation
import Imaging
import Rendering

/// `dhscope bench`: timings of the parts users wait for.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure how long dhscope's stages take.",
        subcommands: [BenchDetectCommand.self, BenchRenderCommand.self, BenchTUICommand.self],
        defaultSubcommand: BenchDetectCommand.self)
}

/// `dhscope bench render`: decoding and drawing an image, per frame.
struct BenchRenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Time decoding and rendering an image to cells.",
        discussion: """
            --json writes {image, size, symbols, colors, iterations, bytes, decode_ms, \
            sample_ms, fit_ms, write_ms, render_ms, total_ms} (medians).

            Examples:
              dhscope bench render Samples/images/astronaut.png --size 200x60
              dhscope bench render Samples/images/coffee.png --colors 256 --json
            """)

    @Argument(help: "A JPEG or PNG image.")
    var image: String

    @Option(parsing: .unconditional, help: ArgumentHelp("Grid size in cells, each side 1 to 1000.", valueName: "colsxrows"),
            transform: GridSize.parse)
    var size = GridSize(width: 200, height: 60)

    @Option(help: "Glyphs: half, quad, sextant, braille, blocks or ascii (printable ASCII only, for terminals without UTF-8).")
    var symbols: SymbolSet = .sextant

    @Option(help: "Colours: truecolor, 256, 16 or none.")
    var colors: ColorMode = .truecolor

    @Option(parsing: .unconditional, help: "Frames to time (the median is reported), 1 or more.")
    var iterations = 30

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
        try size.check("--size", within: DisplayOptions.terminalLimit)
        try NumberCheck.check(iterations, "--iterations", atLeast: 1)
    }

    func run() throws {
        let (columns, rows) = (size.width, size.height)
        let decoder = ImageDecoder()
        let geometry = SymbolGeometry.of(symbols)
        let fitter = SymbolFitter(geometry: geometry, mode: colors)
        let writer = AnsiWriter(mode: colors)
        var timings: [String: [Double]] = [:]
        var bytes = 0
        func clock() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
        // One untimed frame warms caches and builds palette tables.
        _ = writer.renderUTF8(fitter.fit(AtomSampler.sample(try decoder.decodeRGB(contentsOf: image), columns: columns, rows: rows, geometry: geometry)))
        for _ in 0..<iterations {
            let t0 = clock()
            let picture = try decoder.decodeRGB(contentsOf: image)
            let t1 = clock()
            let field = AtomSampler.sample(picture, columns: columns, rows: rows, geometry: geometry)
            let t2 = clock()
            let grid = fitter.fit(field)
            let t3 = clock()
            bytes = writer.renderUTF8(grid).count
            let t4 = clock()
            for (key, a, b) in [("decode", t0, t1), ("sample", t1, t2), ("fit", t2, t3), ("write", t3, t4),
                                ("render", t1, t4), ("total", t0, t4)] {
                timings[key, default: []].append(Double(b - a) / 1e6)
            }
        }
        func median(_ key: String) -> Double { timings[key]?.median ?? 0 }
        let keys = ["decode", "sample", "fit", "write", "render", "total"]
        if json {
            let report = RenderBenchmarkReport(image: image, size: size.description, symbols: symbols.rawValue,
                                               colors: colors.rawValue, iterations: iterations, bytes: bytes,
                                               milliseconds: Dictionary(uniqueKeysWithValues: keys.map { ($0, median($0)) }))
            print(try JSONOutput.encode(report))
        } else {
            print("\(image) -> \(size) \(symbols.rawValue) \(colors.rawValue): median of \(iterations) frames, \(bytes) bytes of output")
            for key in keys {
                let note = key == "render" ? "  (sample + fit + write: the rendering work per frame)" : ""
                print("  " + key.padding(toLength: 8, withPad: " ", startingAt: 0) + String(format: "%8.3f ms", median(key)) + note)
            }
        }
    }
}

/// `bench render --json` output: medians in milliseconds, rounded to microseconds.
struct RenderBenchmarkReport: Encodable {
    var image: String
    var size: String
    var symbols: String
    var colors: String
    var iterations: Int
    var bytes: Int
    /// Median milliseconds by stage: decode, sample, fit, write, render, total.
    var milliseconds: [String: Double]

    enum CodingKeys: String, CodingKey {
        case image, size, symbols, colors, iterations, bytes
        case decode = "decode_ms", sample = "sample_ms", fit = "fit_ms", write = "write_ms"
        case render = "render_ms", total = "total_ms"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(image, forKey: .image)
        try c.encode(size, forKey: .size)
        try c.encode(symbols, forKey: .symbols)
        try c.encode(colors, forKey: .colors)
        try c.encode(iterations, forKey: .iterations)
        try c.encode(bytes, forKey: .bytes)
        for key in [CodingKeys.decode, .sample, .fit, .write, .render, .total] {
            try c.encodeNumber(milliseconds[key.stringValue.replacingOccurrences(of: "_ms", with: "")].map { ($0 * 1000).rounded() / 1000 },
                               forKey: key)
        }
    }
}
