import Imaging
import Rendering

/// What the image pane shows in real pixels, for the backend to draw after a frame: the
/// picture's part on screen, the boxes, and the cells it covers. Equal values draw the
/// same bitmap, so a backend redraws only when this changes.
public struct PanePicture: Equatable, Sendable {
    /// Names the picture (the image's path and load generation), so two images are never
    /// taken for one.
    public var identity: String
    public var image: RGBImage
    /// The part shown, in image pixels.
    public var viewport: ImageViewport
    /// The cells covered (top-left on screen, in cells).
    public var cells: Rect
    /// The bitmap's size in pixels.
    public var size: PixelSize
    /// The boxes, in image pixels.
    public var boxes: [BoxOverlay]
    public var theme: Theme

    public init(identity: String, image: RGBImage, viewport: ImageViewport, cells: Rect, size: PixelSize,
                boxes: [BoxOverlay], theme: Theme) {
        self.identity = identity
        self.image = image
        self.viewport = viewport
        self.cells = cells
        self.size = size
        self.boxes = boxes
        self.theme = theme
    }

    public static func == (a: PanePicture, b: PanePicture) -> Bool {
        // The identity stands for the pixels: comparing them would cost a frame's time.
        a.identity == b.identity && a.viewport == b.viewport && a.cells == b.cells && a.size == b.size
            && a.boxes == b.boxes && a.theme == b.theme
    }

    /// Whether `other` shows the same picture part at the same size (only boxes may differ).
    func sameBase(as other: PanePicture) -> Bool {
        identity == other.identity && viewport == other.viewport && size == other.size
    }
}
