import ArgumentParser
import Rendering
import Terminal

/// How an image meets the terminal: the glyphs and the colours (browse and render).
struct TerminalOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Glyphs: half, quad, sextant, braille, blocks or ascii. Default: sextant; half on the Linux console, ascii without a UTF-8 locale.",
        valueName: "set"))
    var symbols: SymbolSet?

    @Option(help: ArgumentHelp(
        "Colours: truecolor, 256, 16 or none. Default: 24-bit when COLORTERM=truecolor or TERM's terminfo entry has RGB (no -direct entry needed), else what TERM's entry has; none when NO_COLOR is set. The browser's status bar shows the mode in use and why when it is lower; dhscope doctor shows what was detected. Here: \(Self.detectedColors).",
        valueName: "mode"))
    var colors: ColorMode?

    /// The colour mode this environment gets, for the help above, worked out once: the
    /// parser builds every option's help each time it makes these options (several times a
    /// run), and each reading of the environment cost start-up time.
    private static let detectedColors = ColorChoice.current(output: .stream).explanation
}
