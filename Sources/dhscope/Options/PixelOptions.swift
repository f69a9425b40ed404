import ArgumentParser
import Foundation
import Rendering
import Terminal

/// `--pixels` and `--cell-size`: real pixels (kitty, iTerm2, sixel) or block characters.
struct PixelOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Real pixels: auto (ask the terminal, 150 ms at most), kitty, iterm, sixel, or off for block characters. dhscope doctor shows what the terminal answered.",
        valueName: "auto|kitty|iterm|sixel|off"))
    var pixels: PixelRequest = .auto

    @Option(parsing: .unconditional,
            help: ArgumentHelp("A cell's size in pixels for --pixels (default: the terminal's, or 10x20 when not a terminal).", valueName: "WxH"),
            transform: GridSize.parse)
    var cellSize: GridSize?

    static let defaultCell = PixelSize(width: 10, height: 20)

    func validate() throws {
        if let cellSize { try cellSize.check("--cell-size", within: 1...1000) }
    }

    /// What to show images with. Asks the terminal only when standard output is one and the
    /// answer matters (auto, or a protocol without --cell-size); keys typed while asking are
    /// put back into the terminal's input.
    func choice(environment: TerminalEnvironment = TerminalEnvironment()) -> GraphicsChoice {
        let (chosen, typed) = choiceKeepingInput(environment: environment)
        GraphicsProbe.giveBack(typed)
        return chosen
    }

    /// ``choice(environment:)``, handing back the keys typed while asking (for the browser
    /// to read first).
    func choiceKeepingInput(environment: TerminalEnvironment = TerminalEnvironment()) -> (GraphicsChoice, [UInt8]) {
        let explicitCell = cellSize.map { PixelSize(width: $0.width, height: $0.height) }
        if pixels == .off { return (GraphicsChoice(pixels: nil, cell: explicitCell, reason: "blocks (--pixels off)"), []) }
        let onTerminal = isatty(STDOUT_FILENO) == 1 && isatty(STDIN_FILENO) == 1
        var capabilities: GraphicsCapabilities?
        var typed: [UInt8] = []
        if onTerminal && (pixels == .auto || explicitCell == nil) && environment.term != "linux" {
            if let probe = GraphicsProbe.run(environment: environment) {
                capabilities = probe.capabilities
                typed = probe.unrelated
            }
        }
        if !onTerminal && pixels == .auto {
            return (GraphicsChoice(pixels: nil, cell: explicitCell, reason: "blocks (not a terminal: --pixels auto asks none)"), typed)
        }
        let windowCell = WindowSize.current().flatMap(\.cellPixels).map { PixelSize(width: $0.width, height: $0.height) }
        let chosen = GraphicsChoice.choose(request: pixels, capabilities: capabilities, environment: environment,
                                           windowCell: windowCell, fallbackCell: Self.defaultCell)
        guard let explicitCell else { return (chosen, typed) }
        return (GraphicsChoice(pixels: chosen.pixels, placeholders: chosen.placeholders, cell: explicitCell, reason: chosen.reason), typed)
    }
}

extension PixelRequest: ExpressibleByArgument {}
extension PixelProtocol: ExpressibleByArgument {}
