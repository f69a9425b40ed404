import ArgumentParser
import Foundation
import Imaging
import Rendering

/// Options shared by every command that draws an image.
struct DisplayOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Grid size in cells (default: the terminal's, or 80x24 when not a terminal).", valueName: "colsxrows"))
    var size: String?

    @Flag(help: "Fill the whole grid instead of keeping the aspect ratio.")
    var stretch = false

    @Option(help: "Glyphs: half, quad, sextant, braille, blocks or ascii (printable ASCII only, for terminals without UTF-8).")
    var symbols: SymbolSet = .sextant

    @Option(help: ArgumentHelp("Colours: truecolor, 256, 16 or none (default: from COLORTERM/TERM; none when NO_COLOR is set).", valueName: "mode"))
    var colors: ColorMode?

    @Flag(help: "Ordered dithering in 256- and 16-colour modes.")
    var dither = false

    @Option(help: "How 256/16-colour modes pick colours: rgb (least error) or perceptual (DIN99d: hues kept, closest in CIEDE2000).")
    var quantize: PaletteMetric = .rgb

    @Option(help: ArgumentHelp("A theme name (dark, light, high-contrast) or a .toml path.", valueName: "name|path"))
    var theme = "dark"

    @Option(help: "Refuse images with more pixels than this.")
    var maxPixels = ImageDecoder.defaultMaxPixels

    func loadTheme() throws -> Theme {
        try ThemeLoader.load(theme)
    }

    func colorMode() -> ColorMode {
        AnsiWriter.effectiveMode(requested: colors, environment: ProcessInfo.processInfo.environment)
    }

    func gridSize(imageWidth: Int, imageHeight: Int) throws -> (columns: Int, rows: Int) {
        let limit: (Int, Int)
        if let size {
            let parts = size.lowercased().split(separator: "x")
            guard parts.count == 2, let c = Int(parts[0]), let r = Int(parts[1]), c > 0, r > 0, c <= 10_000, r <= 10_000 else {
                throw ValidationError("--size must look like 100x40 (columns x rows, each 1 to 10000), not \"\(size)\"")
            }
            limit = (c, r)
        } else {
            limit = TerminalSize.current() ?? (80, 24)
        }
        return ImageRenderer.gridSize(imageWidth: imageWidth, imageHeight: imageHeight,
                                      maxColumns: limit.0, maxRows: limit.1, stretch: stretch)
    }
}

extension SymbolSet: ExpressibleByArgument {}
extension ColorMode: ExpressibleByArgument {}
extension PaletteMetric: ExpressibleByArgument {}
