/// What the browser must do outside the state after an action.
public enum Effect: Equatable, Sendable {
    /// The current image changed: decode it and ask the detector.
    case loadImage
    /// Show the next model: its state, on the same image.
    case switchModel
    /// Write a PNG of the screen.
    case export
    case quit
}
