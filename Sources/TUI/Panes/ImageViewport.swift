/// The part of the image on screen, in image pixels, for a zoom level and a centre.
public struct ImageViewport: Equatable, Sendable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double

    /// The zoom levels z/Z step through.
    public static let zoomLevels: [Double] = [1, 1.5, 2, 3, 4, 6, 8]

    /// The viewport of an image at `zoom`, centred on (centerX, centerY) given as fractions
    /// of the image size and kept inside the image.
    public init(imageWidth: Int, imageHeight: Int, zoom: Double, centerX: Double, centerY: Double) {
        let w = Double(max(1, imageWidth)), h = Double(max(1, imageHeight))
        let z = max(1, zoom)
        width = (w / z).rounded(.up)
        height = (h / z).rounded(.up)
        x = min(max(0, centerX * w - width / 2), w - width).rounded(.down)
        y = min(max(0, centerY * h - height / 2), h - height).rounded(.down)
    }
}
