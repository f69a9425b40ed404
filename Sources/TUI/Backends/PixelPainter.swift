import Foundation
import Imaging
import Rendering

/// Turns the image pane's ``PanePicture`` into the bytes that show it, for a backend to
/// write after curses has drawn a frame: nothing when the picture did not change; else the
/// cursor saved, moved to the pane, the image (sixel; kitty transmitted under a fresh id,
/// placed, the previous id deleted; iTerm2's inline PNG), the cursor restored.
///
/// The resized picture without boxes, and for sixel its palette and dithering, are kept
/// while only the boxes change (moving between RoIs), so such a frame costs the boxes and
/// the encoding.
public final class PixelPainter {
    public let pixels: PixelProtocol
    /// Kitty through Unicode placeholders and tmux passthrough.
    public let placeholders: Bool
    private var shown: PanePicture?
    private var base: (picture: PanePicture, image: RGBImage)?
    private var sixel = SixelSession()
    private var kittyID = 0
    /// The cells a picture covers on screen now (for the backend to repaint when it goes).
    public private(set) var coveredCells: Rect?

    public init(pixels: PixelProtocol, placeholders: Bool = false) {
        self.pixels = pixels
        self.placeholders = placeholders
    }

    /// Forgets what is on screen (after the screen was cleared or resized): the next
    /// picture is drawn whatever it is.
    public func invalidate() { shown = nil }

    /// The bytes for `picture` (nil: no picture, e.g. another pane or the help is shown);
    /// empty when the screen already shows it.
    public func bytes(for picture: PanePicture?) throws -> [UInt8] {
        if picture == shown { return [] }
        defer { shown = picture }
        guard let picture else {
            coveredCells = nil
            return kittyID > 0 ? wrap(KittyGraphics.delete(id: kittyID)) : []
        }
        let baseImage: RGBImage
        if let base, base.picture.sameBase(as: picture) {
            baseImage = base.image
        } else {
            let v = picture.viewport
            baseImage = PixelPicture.compose(picture.image, viewport: (Int(v.x), Int(v.y), Int(v.width), Int(v.height)),
                                             size: picture.size, boxes: [], theme: picture.theme)
            base = (picture, baseImage)
        }
        var composed = baseImage
        let v = picture.viewport
        let sx = Double(picture.size.width) / v.width, sy = Double(picture.size.height) / v.height
        BoxPainter.draw(picture.boxes.map { box in
            var b = box
            b.x1 = (box.x1 - v.x) * sx
            b.x2 = (box.x2 - v.x) * sx
            b.y1 = (box.y1 - v.y) * sy
            b.y2 = (box.y2 - v.y) * sy
            return b
        }, on: &composed, theme: picture.theme)
        coveredCells = picture.cells
        var out: [UInt8] = Array("\u{1B}7\u{1B}[\(picture.cells.y + 1);\(picture.cells.x + 1)H".utf8)
        switch pixels {
        case .sixel:
            out += sixel.encode(base: baseImage, composed: composed,
                                reserved: PixelPicture.overlayColors(picture.boxes, theme: picture.theme))
        case .iterm:
            out += try ITermImage.encode(composed)
        case .kitty:
            let previous = kittyID
            kittyID = kittyID == 1 ? 2 : 1
            if placeholders {
                out += wrap(KittyGraphics.transmitForPlaceholders(composed, id: kittyID, columns: picture.cells.width,
                                                                  rows: picture.cells.height))
                out += Array(KittyGraphics.placeholderForeground(id: kittyID).utf8)
                for (n, line) in KittyGraphics.placeholderRows(id: kittyID, columns: picture.cells.width,
                                                               rows: picture.cells.height).enumerated() {
                    out += Array("\u{1B}[\(picture.cells.y + 1 + n);\(picture.cells.x + 1)H".utf8) + Array(line.utf8)
                }
                out += Array("\u{1B}[39m".utf8)
            } else {
                out += KittyGraphics.transmit(composed, id: kittyID)
                out += KittyGraphics.place(id: kittyID)
            }
            if previous > 0 { out += wrap(KittyGraphics.delete(id: previous)) }
        }
        out += Array("\u{1B}8".utf8)
        return out
    }

    private func wrap(_ sequence: [UInt8]) -> [UInt8] {
        placeholders ? KittyGraphics.tmuxPassthrough(commands: sequence) : sequence
    }
}
