/// One answer a terminal gives to the graphics queries (see ``GraphicsQuery``).
public enum TerminalReply: Sendable, Equatable {
    /// Primary device attributes (`CSI ? Ps ; ... c`): the terminal's class and features;
    /// 4 means sixel.
    case deviceAttributes([Int])
    /// XTSMGRAPHICS (`CSI ? Pi ; Ps ; Pv... S`): item 1 colour registers, 2 sixel geometry;
    /// status 0 is success.
    case graphicsAttribute(item: Int, status: Int, values: [Int])
    /// The kitty graphics query's answer (`APC G i=ID ; message ST`): "OK" or an error.
    case kittyGraphics(id: Int?, message: String)
    /// XTVERSION (`DCS > | name-and-version ST`).
    case version(String)
    /// The cell size in pixels (`CSI 6 ; height ; width t`).
    case cellSize(width: Int, height: Int)
}
