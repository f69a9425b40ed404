import ArgumentParser
import Foundation
import Evaluation
import Inspection
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
        if json {
            print(try JSONOutput.encode(TUIBenchmarkReport(result)))
        } else {
            print("\(image) in a \(size) terminal, median of \(iterations) frames")
            print(String(format: "  key press to frame written: %.2f ms", result.keyToFrameMilliseconds))
            print(String(format: "  variant switch to frame:    %.2f ms", result.variantSwitchMilliseconds))
        }
    }
}

/// `bench tui --json` output, with snake_case names.
struct TUIBenchmarkReport: Encodable {
    var columns: Int
    var rows: Int
    var iterations: Int
    var keyToFrameMilliseconds: Double
    var variantSwitchMilliseconds: Double

    init(_ result: TUIBenchmark.Result) {
        columns = result.columns
        rows = result.rows
        iterations = result.iterations
        keyToFrameMilliseconds = result.keyToFrameMilliseconds
        variantSwitchMilliseconds = result.variantSwitchMilliseconds
    }

    enum CodingKeys: String, CodingKey {
        case columns, rows, iterations, keyToFrameMilliseconds = "key_to_frame_ms", variantSwitchMilliseconds = "variant_switch_ms"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(columns, forKey: .columns)
        try c.encode(rows, forKey: .rows)
        try c.encode(iterations, forKey: .iterations)
        try c.encodeNumber(keyToFrameMilliseconds, forKey: .keyToFrameMilliseconds)
        try c.encodeNumber(variantSwitchMilliseconds, forKey: .variantSwitchMilliseconds)
    }
}
