import ArgumentParser
import Foundation
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

    @Option(help: ArgumentHelp("Also time moving between images through this analysis store.", valueName: "dir"))
    var store: String?

    @Option(help: ArgumentHelp("With --store: other images to move between (default: the next image of IMAGE's folder).", valueName: "image"))
    var also: [String] = []

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
