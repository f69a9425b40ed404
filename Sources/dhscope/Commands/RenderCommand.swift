import ArgumentParser
import Foundation
import Detector
import Imaging
import Rendering
import Terminal

/// `dhscope render`: draws an image in the terminal, or as a PNG, with boxes over it.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Draw an image in the terminal with boxes over it.",
        discussion: """
            Labels are placed in the order the boxes come (with --model, by descending score); \
            a label that finds no free place is left out rather than drawn over an earlier one. \
            --png and --snapshot refuse to write over an input (the image, --boxes, --theme or \
            --model file), also through a link.

            Examples:
              dhscope render Samples/images/astronaut.png
              dhscope render Samples/images/coffee.png --size 100x40 --stretch --colors 256
              dhscope render Samples/images/shapes_s3_00000.png --model demo
              dhscope render Samples/images/shapes_s3_00000.png --model demo --png out.png
              dhscope render Samples/images/coffee.png --pixels sixel --size 80x20 > c.six
            """)

    @Argument(help: "A JPEG or PNG image.")
    var image: String

    @OptionGroup var display: DisplayOptions

    @OptionGroup var pixelOptions: PixelOptions

    @Option(help: ArgumentHelp("A JSON list of boxes to draw: [{\"box\": [x1, y1, x2, y2], \"label\": \"hexagon\", \"score\": 0.97}] in image pixels.", valueName: "file"))
    var boxes: String?

    @Option(help: ArgumentHelp("Run this model and draw its detections (\"demo\" for the shipped model, \"none\" for no detector).", valueName: "path|demo|none"))
    var model: String = "none"

    @Option(help: "Head variant whose detections are drawn with --model (default: dh-ext when available, else dh, else fc2 for a baseline).")
    var variant: HeadVariant?

    @Option(help: ArgumentHelp("Write a PNG of the image with the boxes drawn instead of printing.", valueName: "out.png"))
    var png: String?

    @Option(help: ArgumentHelp("Also write a PNG of the terminal rendering itself (8x16 pixels a cell).", valueName: "out.png"))
    var snapshot: String?

    private var modelOptions: ModelOptions {
        var options = ModelOptions()
        options.model = model == "demo" ? nil : model
        return options
    }

    /// The files this command reads, which it must never write.
    private var inputs: [String] {
        [image] + [boxes, display.themeFile, model == "none" ? nil : modelOptions.inputPath].compactMap { $0 }
    }

    /// The chosen variant's detections as labelled boxes, best first.
    private func detectionOverlays(_ picture: RGBImage, theme: Theme) throws -> [BoxOverlay] {
        let detector = try modelOptions.load()
        let chosen: HeadVariant
        do { chosen = try HeadVariant.resolve(variant, for: detector.config) } catch { throw CLIError(error.description) }
        let analysis = try detector.analyze(picture)
        let detections = try PostProcessor.detections(analysis, variant: chosen, settings: PostProcessSettings(config: detector.config))
        return detections.map { d in
            BoxOverlay(d.box,
                       color: theme.color(forClass: d.label, name: detector.config.className(d.label)),
                       label: detector.config.className(d.label) + String(format: " %.2f", d.score))
        }
    }

    func run() throws {
        if let png { try OutputPath.check(png, option: "--png", inputs: inputs) }
        if let snapshot { try OutputPath.check(snapshot, option: "--snapshot", inputs: inputs) }
        let theme = try display.loadTheme()
        let decoder = ImageDecoder(maxPixels: display.maxPixels)
        let graphics = png == nil && snapshot == nil ? pixelOptions.choice() : GraphicsChoice(pixels: nil, cell: nil, reason: "")
        if let pixels = graphics.pixels, let cell = graphics.cell, model == "none" {
            // Only shown, never detected on: decoded no larger than needed. 1.5 times the pane:
            // a JPEG's reduced IDCT filters less than the area average the resize does, and
            // decoding at just the pane's size cost 0.7 dB PSNR on the sixel benchmark photo.
            let grid = display.cellLimit
            let box = PixelBox(width: grid.columns * cell.width * 3 / 2, height: grid.rows * cell.height * 3 / 2)
            let reduced = try decoder.decodeRGB(contentsOf: image, background: theme.background, showingWithin: box)
            let overlays = try boxes.map { try BoxFile.load($0).overlays(theme: theme) } ?? []
            try writePixels(reduced, overlays: overlays, theme: theme, protocol: pixels, cell: cell)
            return
        }
        if model == "none" && png == nil && graphics.pixels == nil {
            let grid = display.cellLimit
            let box = SymbolGeometry.decodingBox(columns: grid.columns, rows: grid.rows, fill: display.stretch)
            // An upright JPEG is fitted from the top while its lower rows are still decoded.
            if let stream = try JPEGRowStream.start(path: image, decoder: decoder, showingWithin: box) {
                let overlays = try boxes.map { try BoxFile.load($0).overlays(theme: theme) } ?? []
                try writeCells(.stream(stream), overlays: overlays, theme: theme)
                return
            }
            let reduced = try decoder.decodeRGB(contentsOf: image, background: theme.background, showingWithin: box)
            let overlays = try boxes.map { try BoxFile.load($0).overlays(theme: theme) } ?? []
            try writeCells(.picture(reduced), overlays: overlays, theme: theme)
            return
        }
        let picture = try decoder.decodeRGB(contentsOf: image, background: theme.background)
        var overlays = try boxes.map { try BoxFile.load($0).overlays(theme: theme) } ?? []
        if model != "none" {
            overlays += try detectionOverlays(picture, theme: theme)
        }
        if let png {
            var canvas = picture
            BoxPainter.draw(overlays, on: &canvas, theme: theme)
            try PNGEncoder.write(canvas, to: png)
            return
        }
        let full = ReducedImage(image: picture, fullWidth: picture.width, fullHeight: picture.height)
        if let pixels = graphics.pixels, let cell = graphics.cell {
            try writePixels(full, overlays: overlays, theme: theme, protocol: pixels, cell: cell)
            return
        }
        try writeCells(.picture(full), overlays: overlays, theme: theme)
    }

    /// What `writeCells` draws: a decoded picture, or a JPEG still being decoded.
    private enum CellSource {
        case picture(ReducedImage)
        case stream(JPEGRowStream)

        var fullWidth: Int {
            switch self {
            case .picture(let p): p.fullWidth
            case .stream(let s): s.fullWidth
            }
        }

        var fullHeight: Int {
            switch self {
            case .picture(let p): p.fullHeight
            case .stream(let s): s.fullHeight
            }
        }

        /// Decoded pixels over the file's pixels, across and down.
        var scale: (x: Double, y: Double) {
            switch self {
            case .picture(let p): (Double(p.image.width) / Double(p.fullWidth), Double(p.image.height) / Double(p.fullHeight))
            case .stream(let s): (Double(s.width) / Double(s.fullWidth), Double(s.height) / Double(s.fullHeight))
            }
        }
    }

    /// The image as cells with `overlays` (in the file's pixels) drawn over it, to standard
    /// output, and to --snapshot.
    private func writeCells(_ source: CellSource, overlays: [BoxOverlay], theme: Theme) throws {
        let profile = display.terminalProfile()
        let mode = profile.colors.mode
        let size = display.gridSize(imageWidth: source.fullWidth, imageHeight: source.fullHeight)
        let renderer = ImageRenderer(symbols: profile.symbols.symbols, mode: mode, dither: display.dither,
                                     metric: display.quantize, theme: theme)
        let boxes = Self.scaled(overlays, by: source.scale)
        let rendered = switch source {
        case .picture(let picture): renderer.render(picture.image, columns: size.columns, rows: size.rows, boxes: boxes)
        case .stream(let stream): try renderer.render(stream, columns: size.columns, rows: size.rows, boxes: boxes)
        }
        // An explicit --symbols is kept where the character set allows it.
        let repertoire: GlyphRepertoire = display.terminal.symbols == nil ? profile.repertoire : profile.encoding.isUTF8 ? .unicode : .ascii
        let grid = rendered.restricted(to: repertoire)
        FileHandle.standardOutput.write(Data(AnsiWriter(mode: mode).renderUTF8(grid)))
        if let snapshot { try PNGEncoder.write(CellGridPainter.paint(grid, theme: theme), to: snapshot) }
    }

    /// The image with its boxes as one escape sequence (sixel, kitty or iTerm2) sized to the
    /// grid's cells, then a newline. `overlays` are in the full image's pixels; the fit keeps
    /// the full image's aspect ratio.
    private func writePixels(_ picture: ReducedImage, overlays: [BoxOverlay], theme: Theme, protocol pixels: PixelProtocol,
                             cell: PixelSize) throws {
        let grid = display.cellLimit
        let source = PixelSize(width: picture.fullWidth, height: picture.fullHeight)
        guard let fit = PixelFit(source: source, columns: grid.columns, rows: grid.rows, cell: cell) else {
            throw CLIError("--size \(grid.columns)x\(grid.rows) with \(cell.width)x\(cell.height)-pixel cells is too small for a picture")
        }
        let bitmap = PixelPicture.compose(picture.image, size: fit.size, boxes: Self.scaled(overlays, by: CellSource.picture(picture).scale), theme: theme)
        var bytes = try pixels.standaloneSequence(bitmap, columns: fit.columns, rows: fit.rows,
                                                  reserved: PixelPicture.overlayColors(overlays, theme: theme))
        bytes.append(UInt8(ascii: "\n"))
        FileHandle.standardOutput.write(Data(bytes))
    }

    /// `overlays` in the file's pixels moved to decoded pixels `scale` times as many.
    private static func scaled(_ overlays: [BoxOverlay], by scale: (x: Double, y: Double)) -> [BoxOverlay] {
        let (sx, sy) = scale
        return overlays.map { box in
            var b = box
            (b.x1, b.x2, b.y1, b.y2) = (box.x1 * sx, box.x2 * sx, box.y1 * sy, box.y2 * sy)
            return b
        }
    }
}
