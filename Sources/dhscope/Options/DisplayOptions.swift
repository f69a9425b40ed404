import ArgumentParser
import Foundation
import Imaging
import Rendering
import Terminal

/// Options shared by every command that draws an image.
struct DisplayOptions: ParsableArguments {
    /// The largest grid any terminal shows; larger sizes need --force.
    static let terminalLimit = 1...1000
    /// The largest grid rendered even with --force.
    static let forcedLimit = 1...10_000

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Grid size in cells, each side 1 to 1000 (default: the terminal's, or 80x24 when not a terminal).", valueName: "colsxrows"),
            transform: GridSize.parse)
    var size: GridSize?

    @Flag(help: "Allow --size beyond 1000x1000 cells (up to 10000x10000), larger than any terminal shows.")
    var force = false

    @Flag(help: "Fill the whole grid instead of keeping the aspect ratio.")
    var stretch = false

    @OptionGroup var terminal: TerminalOptions

    @Flag(help: "Ordered dithering in 256- and 16-colour modes.")
    var dither = false

    @Option(help: "How 256/16-colour modes pick colours: rgb (least error) or perceptual (DIN99d: closest in CIEDE2000, hues kept).")
    var quantize: PaletteMetric = .rgb

    @Option(help: ArgumentHelp("A theme name (dark, light, high-contrast) or a .toml path.", valueName: "name|path"))
    var theme = "dark"

    @Option(parsing: .unconditional, help: "Refuse images with more pixels than this (1 or more).")
    var maxPixels = ImageDecoder.defaultMaxPixels

    func validate() throws {
        if let size {
            if force {
                try size.check("--size", within: Self.forcedLimit)
            } else if !Self.terminalLimit.contains(size.width) || !Self.terminalLimit.contains(size.height) {
                throw ValidationError("--size \(size) is larger than any terminal shows (at most "
                    + "\(Self.terminalLimit.upperBound)x\(Self.terminalLimit.upperBound) cells); "
                    + "add --force to render it anyway (up to \(Self.forcedLimit.upperBound)x\(Self.forcedLimit.upperBound))")
            }
        }
        try NumberCheck.check(maxPixels, "--max-pixels", atLeast: 1)
    }

    func loadTheme() throws -> Theme {
        try ThemeLoader.load(theme)
    }

    /// The theme file, when --theme names one (for output checks).
    var themeFile: String? {
        FileManager.default.fileExists(atPath: theme) ? theme : nil
    }

    /// The character set, colours and symbols for text written to standard output.
    func terminalProfile() -> TerminalProfile {
        TerminalProfile.forStream(requestedColors: terminal.colors, requestedSymbols: terminal.symbols)
    }

    /// --size, else the terminal's size, else 80x24.
    var cellLimit: (columns: Int, rows: Int) {
        size.map { ($0.width, $0.height) } ?? TerminalSize.current() ?? (80, 24)
    }

    func gridSize(imageWidth: Int, imageHeight: Int) -> (columns: Int, rows: Int) {
        let limit = cellLimit
        return ImageRenderer.gridSize(imageWidth: imageWidth, imageHeight: imageHeight,
                                      maxColumns: limit.0, maxRows: limit.1, stretch: stretch)
    }
}

extension SymbolSet: ExpressibleByArgument {}
extension ColorMode: ExpressibleByArgument {}
extension PaletteMetric: ExpressibleByArgument {}
