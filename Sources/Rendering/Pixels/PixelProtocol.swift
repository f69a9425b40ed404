/// A way of sending real pixels to a terminal.
public enum PixelProtocol: String, Sendable, CaseIterable {
    /// The kitty graphics protocol (kitty, Ghostty, WezTerm, Konsole): RGB in base64 chunks.
    case kitty
    /// iTerm2's inline images (iTerm2, WezTerm, VS Code, Warp): a base64 PNG in OSC 1337.
    case iterm
    /// DEC sixel (xterm -ti vt340, foot, mlterm, WezTerm, Windows Terminal, tmux 3.4+).
    case sixel
}

/// A size in pixels.
public struct PixelSize: Sendable, Hashable, CustomStringConvertible {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    public var description: String { "\(width)x\(height)" }
}
