import ArgumentParser
import Foundation
import Rendering
import TUI

/// `dhscope bench tui`: key-to-frame and variant-switch times of the browser, off-screen.
struct BenchTUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "Time the browser from a key press to the frame written.",
        discussion: """
            --json writes {columns, rows, iterations, key_to_frame_ms, variant_switch_ms, \
            stored_image_ms} (medians). With --store, also the time from n to the frame of \
            another image whose analysis the store holds (decoding, reading the store, \
            post-processing): what a jump to an error on another image costs (stored_image_ms; \
            null without --store). The other images are --also's.

            With --pixels kitty|iterm|sixel: the time from j (the next RoI) to the frame and the \
            image pane's picture encoded (written to /dev/null), with --cell-size pixels a cell \
            (default 10x20); --json then writes {pixels, columns, rows, width, height, iterations, \
            next_roi_ms, first_picture_ms, bytes_per_picture}. At 161x32 cells of 10x20 the \
            pane is 1000x600 pixels.

            Examples:
              dhscope bench tui Samples/images/shapes_s3_00003.png --size 200x60
              dhscope bench tui Samples/images/coffee.png --size 161x32 --pixels sixel
            """)

    @Argument(help: "The image shown.")
    var image: String

    @OptionGroup var modelOptions: ModelOptions

    @Option(parsing: .unconditional, help: ArgumentHelp("Terminal size, at least 20x10 and at most 1000x1000.", valueName: "colsxrows"),
            transform: GridSize.parse)
    var size = GridSize(width: 200, height: 60)

    @Option(parsing: .unconditional, help: "Frames timed (the median is reported), 1 or more.")
    var iterations = 30

    @Option(help: ArgumentHelp("Also time moving between images through this analysis store.", valueName: "dir"))
    var store: String?

    @Option(help: ArgumentHelp("With --store: other images to move between (default: the next image of IMAGE's folder).", valueName: "image"))
    var also: [String] = []

    @Option(help: ArgumentHelp("Time real-pixel pictures instead of block frames.", valueName: "kitty|iterm|sixel"))
    var pixels: PixelProtocol?

    @Option(parsing: .unconditional, help: ArgumentHelp("A cell's size in pixels with --pixels.", valueName: "WxH"),
            transform: GridSize.parse)
    var cellSize = GridSize(width: 10, height: 20)

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
        guard size.width >= 20, size.height >= 10, size.width <= 1000, size.height <= 1000 else {
            throw ValidationError("--size \(size) is out of range: at least 20x10 and at most 1000x1000")
        }
        try NumberCheck.check(iterations, "--iterations", atLeast: 1)
        try cellSize.check("--cell-size", within: 1...1000)
    }

    func run() throws {
        let detector = try modelOptions.load()
        if let pixels {
            let result = try TUIPixelBenchmark.run(detector: detector, imagePath: image, pixels: pixels,
                                                   cell: PixelSize(width: cellSize.width, height: cellSize.height),
                                                   columns: size.width, rows: size.height, iterations: iterations)
            print(json ? try JSONOutput.encode(result) : result.text(image: image))
            return
        }
        var result = try TUIBenchmark.frameTimes(detector: detector, imagePath: image, columns: size.width, rows: size.height,
                                                 iterations: iterations)
        if let store {
            let options = try StoreOptions.parse(["--store", store])
            guard let shelf = try options.shelf(for: detector, modelPath: try modelOptions.resolvedPath()) else { return }
            var others = also
            if others.isEmpty {
                let folder = (image as NSString).deletingLastPathComponent
                let siblings = try ImageArguments.expand([folder.isEmpty ? "." : folder])
                let name = URL(fileURLWithPath: image).standardizedFileURL.path
                let position = siblings.firstIndex { URL(fileURLWithPath: $0).standardizedFileURL.path == name } ?? -1
                others = [siblings[(position + 1) % siblings.count]]
            }
            result.storedImageMilliseconds = try TUIBenchmark.storedImageTimes(
                detector: detector, imagePaths: [image] + others, archive: shelf, columns: size.width, rows: size.height,
                iterations: iterations)
        }
        print(json ? try JSONOutput.encode(result) : result.text(image: image))
    }
}
