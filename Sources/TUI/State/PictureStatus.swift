import Imaging

/// The current image's pixels.
public enum PictureStatus: Sendable {
    case loading
    case ready(RGBImage)
    case failed(String)
}
