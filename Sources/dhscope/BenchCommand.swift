import ArgumentParser
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
        discussion: "Example: dhscope bench render photo.jpg --size 200x60 --symbols sextant --colors truecolor")

    @Argument(help: "A JPEG or PNG image.")
    var image: String

    @Option(help: ArgumentHelp("Grid size in cells.", valueName: "colsxrows"))
    var size = "200x60"

    @Option(help: "Glyphs: half, quad, sextant, braille, blocks or ascii (printable ASCII only, for terminals without UTF-8).")
    var symbols: SymbolSet = .sextant

    @Option(help: "Colours: truecolor, 256, 16 or none.")
    var colors: ColorMode = .truecolor

    @Option(help: "Frames to time (the median is reported).")
    var iterations = 30

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let parts = size.lowercased().split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2, parts[0] > 0, parts[1] > 0 else { throw ValidationError("--size must look like 200x60") }
        let (columns, rows) = (parts[0], parts[1])
        let decoder = ImageDecoder()
        let geometry = SymbolGeometry.of(symbols)
        let fitter = SymbolFitter(geometry: geometry, mode: colors)
        let writer = AnsiWriter(mode: colors)
        var timings: [String: [Double]] = [:]
        var bytes = 0
        func clock() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
        // One untimed frame warms caches and builds palette tables.
        _ = writer.renderUTF8(fitter.fit(AtomSampler.sample(try decoder.decodeRGB(contentsOf: image), columns: columns, rows: rows, geometry: geometry)))
        for _ in 0..<max(1, iterations) {
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
        func median(_ key: String) -> Double {
            let v = (timings[key] ?? [0]).sorted()
            return v[v.count / 2]
        }
        let keys = ["decode", "sample", "fit", "write", "render", "total"]
        if json {
            let body = keys.map { "\"\($0)_ms\": \(String(format: "%.3f", median($0)))" }.joined(separator: ", ")
            print("{\"image\": \(jsonString(image)), \"size\": \"\(size)\", \"symbols\": \"\(symbols.rawValue)\", \"colors\": \"\(colors.rawValue)\", \"iterations\": \(iterations), \"bytes\": \(bytes), \(body)}")
        } else {
            print("\(image) -> \(size) \(symbols.rawValue) \(colors.rawValue): median of \(iterations) frames, \(bytes) bytes of output")
            for key in keys {
                let note = key == "render" ? "  (sample + fit + write: the rendering work per frame)" : ""
                print("  " + key.padding(toLength: 8, withPad: " ", startingAt: 0) + String(format: "%8.3f ms", median(key)) + note)
            }
        }
    }
}

/// A JSON string literal for `text`.
func jsonString(_ text: String) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.withoutEscapingSlashes]
    let data = (try? encoder.encode(text)) ?? Data("\"\"".utf8)
    return String(decoding: data, as: UTF8.self)
}
