import Rendering

/// What a terminal said about its graphics, gathered from its replies.
public struct GraphicsCapabilities: Sendable, Equatable {
    /// Primary device attributes; nil when the terminal did not answer (within the budget).
    public var deviceAttributes: [Int]?
    /// Sixel colour registers (XTSMGRAPHICS item 1), when reported.
    public var colorRegisters: Int?
    /// The largest sixel image (XTSMGRAPHICS item 2), when reported.
    public var sixelGeometry: PixelSize?
    /// The kitty graphics query's answer ("OK" when the terminal shows kitty images).
    public var kittyAnswer: String?
    /// XTVERSION's answer, e.g. "XTerm(390)", "kitty(0.35.2)", "WezTerm 20240203", "tmux 3.4".
    public var version: String?
    /// The cell size in pixels (CSI 16 t).
    public var cellSize: PixelSize?
    /// Whether the terminal answered anything at all.
    public var answered: Bool { deviceAttributes != nil || version != nil || kittyAnswer != nil || cellSize != nil }

    public init() {}

    /// The facts in `replies`.
    public init(replies: [TerminalReply]) {
        for reply in replies {
            switch reply {
            case .deviceAttributes(let attributes): deviceAttributes = attributes
            case .graphicsAttribute(item: 1, status: 0, let values): colorRegisters = values.first
            case .graphicsAttribute(item: 2, status: 0, let values) where values.count >= 2:
                sixelGeometry = PixelSize(width: values[0], height: values[1])
            case .graphicsAttribute: break
            case .kittyGraphics(id: GraphicsQuery.kittyQueryID, let message): kittyAnswer = message
            case .kittyGraphics: break
            case .version(let text): version = text
            case .cellSize(let width, let height) where width > 0 && height > 0:
                cellSize = PixelSize(width: width, height: height)
            case .cellSize: break
            }
        }
    }

    /// Sixel, by the device attributes (the class 1 or 6x terminal lists feature 4).
    public var hasSixel: Bool { deviceAttributes.map { $0.dropFirst().contains(4) } ?? false }
    /// kitty graphics, by the query's "OK".
    public var hasKitty: Bool { kittyAnswer == "OK" }
    /// iTerm2 inline images, by the terminal's name in XTVERSION (iTerm2 and WezTerm say so;
    /// there is no query for the protocol itself).
    public var hasITermImages: Bool {
        guard let name = version?.lowercased() else { return false }
        return name.hasPrefix("iterm2") || name.hasPrefix("wezterm")
    }
}
