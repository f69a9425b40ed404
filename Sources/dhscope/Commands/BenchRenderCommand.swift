import ArgumentParser
import Rendering

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
        let report = try RenderBenchmark.run(imagePath: image, columns: size.width, rows: size.height, symbols: symbols,
                                             colors: colors, iterations: iterations)
        print(json ? try JSONOutput.encode(report) : report.text)
    }
}
