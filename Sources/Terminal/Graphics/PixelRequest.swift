import Rendering

/// What `--pixels` asks for: detect (auto), one protocol, or block characters (off).
public enum PixelRequest: String, Sendable, CaseIterable {
    case auto, kitty, iterm, sixel, off

    /// The protocol forced, or nil for auto and off.
    public var forced: PixelProtocol? {
        switch self {
        case .kitty: .kitty
        case .iterm: .iterm
        case .sixel: .sixel
        case .auto, .off: nil
        }
    }
}
