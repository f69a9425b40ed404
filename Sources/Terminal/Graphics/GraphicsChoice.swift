import Rendering

/// How images are shown and why: real pixels through one protocol, or block characters.
public struct GraphicsChoice: Sendable, Equatable {
    /// The protocol; nil for block characters.
    public let pixels: PixelProtocol?
    /// Inside tmux, kitty images go through Unicode placeholders (U+10EEEE cells that tmux
    /// keeps and redraws) and passthrough.
    public let placeholders: Bool
    /// The cell size in pixels images are sized with; nil when unknown (then blocks).
    public let cell: PixelSize?
    /// Why, for the status bar and `doctor`.
    public let reason: String

    public init(pixels: PixelProtocol?, placeholders: Bool = false, cell: PixelSize?, reason: String) {
        self.pixels = pixels
        self.placeholders = placeholders
        self.cell = cell
        self.reason = reason
    }

    /// Decides from what was asked, what the terminal answered and the environment.
    /// `windowCell` is the cell size from TIOCGWINSZ's pixel fields, used when the terminal
    /// did not answer CSI 16 t; `fallbackCell` is used when neither told (explicit requests).
    public static func choose(request: PixelRequest, capabilities: GraphicsCapabilities?, environment: TerminalEnvironment,
                              windowCell: PixelSize?, fallbackCell: PixelSize? = nil) -> GraphicsChoice {
        let tmux = environment.variables["TMUX"] != nil
        let cell = capabilities?.cellSize ?? windowCell
        if request == .off { return GraphicsChoice(pixels: nil, cell: cell, reason: "blocks (--pixels off)") }
        if let forced = request.forced {
            return GraphicsChoice(pixels: forced, placeholders: tmux && forced == .kitty, cell: cell ?? fallbackCell,
                                  reason: "\(forced.rawValue) (--pixels \(forced.rawValue))")
        }
        guard let capabilities, capabilities.answered else {
            return GraphicsChoice(pixels: nil, cell: cell, reason: "blocks (the terminal answered no graphics query)")
        }
        guard let cell else {
            return GraphicsChoice(pixels: nil, cell: nil, reason: "blocks (the terminal tells no cell size in pixels)")
        }
        let name = capabilities.version.map { " (\($0))" } ?? ""
        if capabilities.hasKitty {
            return GraphicsChoice(pixels: .kitty, placeholders: tmux, cell: cell,
                                  reason: tmux ? "kitty via Unicode placeholders inside tmux" : "kitty: the terminal answered the kitty query OK\(name)")
        }
        if capabilities.hasITermImages && !tmux {
            return GraphicsChoice(pixels: .iterm, cell: cell, reason: "iterm: the terminal names itself\(name)")
        }
        if capabilities.hasSixel {
            let registers = capabilities.colorRegisters.map { ", \($0) colour registers" } ?? ""
            return GraphicsChoice(pixels: .sixel, cell: cell,
                                  reason: "sixel: device attributes list 4\(registers)\(tmux ? " (tmux passes sixel on)" : "")\(name)")
        }
        return GraphicsChoice(pixels: nil, cell: cell, reason: tmux
            ? "blocks (inside tmux without sixel, and the outer terminal did not answer the kitty query: it needs kitty 0.28+ for placeholders and tmux's allow-passthrough on)"
            : "blocks (no sixel, kitty or iTerm2 images announced\(name))")
    }

    /// For the status bar: "sixel", "kitty (placeholders)", or "blocks".
    public var summary: String {
        guard let pixels else { return "blocks" }
        return placeholders ? "\(pixels.rawValue) (placeholders)" : pixels.rawValue
    }
}
