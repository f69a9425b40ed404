import ArgumentParser
import Foundation
import TUI

/// `dhscope bench tui`: key-to-frame and variant-switch times of the browser, off-screen.
struct BenchTUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "Time the browser from a key press to the frame written.",
        discussion: "Example: dhscope bench tui Samples/images/shapes_s3_00000.png --size 200x60")

    @Argument(help: "The image shown.")
    var image: String

    @OptionGroup var modelOptions: ModelOptions

    @Option(help: ArgumentHelp("Terminal size.", valueName: "colsxrows"))
    var size = "200x60"

    @Option(help: "Frames timed (the median is reported).")
    var iterations = 30

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let parts = size.lowercased().split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2, parts[0] >= 20, parts[1] >= 10 else { throw ValidationError("--size must look like 200x60") }
        let detector = try modelOptions.load()
        let result = try TUIBenchmark.frameTimes(detector: detector, imagePath: image, columns: parts[0], rows: parts[1],
                                                 iterations: max(1, iterations))
        if json {
            print(try JSONOutput.encode(result))
        } else {
            print("\(image) in a \(size) terminal, median of \(iterations) frames")
            print(String(format: "  key press to frame written: %.2f ms", result.keyToFrameMilliseconds))
            print(String(format: "  variant switch to frame:    %.2f ms", result.variantSwitchMilliseconds))
        }
    }
}
