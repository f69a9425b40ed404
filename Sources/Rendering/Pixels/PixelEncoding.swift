import Imaging

extension PixelProtocol {
    /// The escape sequence showing `image` at the cursor over `columns` x `rows` cells, for
    /// output that is written once (`dhscope render`); kitty images get `id`. Sixel keeps
    /// `reserved` colours (the overlays', ``PixelPicture/overlayColors(_:theme:)``) exact.
    public func standaloneSequence(_ image: RGBImage, columns: Int, rows: Int, id: Int = 1,
                                   reserved: [RGBColor] = []) throws(ImageError) -> [UInt8] {
        switch self {
        case .sixel: return SixelEncoder.encode(image, reserved: reserved)
        case .kitty: return KittyGraphics.transmitAndShow(image, id: id)
        case .iterm: return try ITermImage.encode(image)
        }
    }
}
