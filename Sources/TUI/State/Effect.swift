/// What the browser must do outside the state after an action.
public enum Effect: Equatable, Sendable {
    /// The current image changed: decode it and ask the detector.
    case loadImage
    /// Show the next model: its state, on the same image.
    case switchModel
    /// The split view was asked for: show the other model beside this one.
    case showPartner
    /// Write a PNG of the screen.
    case export
    case quit
}
