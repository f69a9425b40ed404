import ArgumentParser
import TUI

/// `dhscope bench tui`: key-to-frame and variant-switch times of the browser, off-screen.
struct BenchTUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "Time the browser from a key press to the frame written.",
        discussion: """
            --json writes {columns, rows, iterations, key_to_frame_ms, variant_switch_ms} (medians).

            Examples:
              dhscope bench tui Samples/images/shapes_s3_00003.png --size 200x60
            """)

    @Argument(help: "The image shown.")
    var image: String

    @OptionGroup var modelOptions: ModelOptions

    @Option(parsing: .unconditional, help: ArgumentHelp("Terminal size, at least 20x10 and at most 1000x1000.", valueName: "colsxrows"),
            transform: GridSize.parse)
    var size = GridSize(width: 200, height: 60)

    @Option(parsing: .unconditional, help: "Frames timed (the median is reported), 1 or more.")
    var iterations = 30

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
        guard size.width >= 20, size.height >= 10, size.width <= 1000, size.height <= 1000 else {
            throw ValidationError("--size \(size) is out of range: at least 20x10 and at most 1000x1000")
        }
        try NumberCheck.check(iterations, "--iterations", atLeast: 1)
    }

    func run() throws {
        let detector = try modelOptions.load()
        let result = try TUIBenchmark.frameTimes(detector: detector, imagePath: image, columns: size.width, rows: size.height,
                                                 iterations: iterations)
        print(json ? try JSONOutput.encode(result) : result.text(image: image))
    }
}
