import Imaging

/// Draws box overlays into an image at full resolution (PNG exports and screenshots).
public enum BoxPainter {
    /// Paints each box in its colour and style, with its label above the box (or inside it
    /// when there is no room above). Where labels overlap, an earlier box's label is on top,
    /// so the first boxes (the highest scores) keep their labels readable.
    public static func draw(_ boxes: [BoxOverlay], on image: inout RGBImage, theme: Theme = .dark) {
        let thickness = max(1, min(image.width, image.height) / 300)
        let scale = max(1, min(image.width, image.height) / 400)
        for box in boxes {
            let dash: (on: Int, off: Int)? = switch box.style {
            case .detection, .selected: nil
            case .proposal: (6 * thickness, 4 * thickness)
            case .regressionRoI: (2 * thickness, 2 * thickness)
            case .groundTruth: (12 * thickness, 4 * thickness)
            }
            image.strokeRectangle(x1: box.x1, y1: box.y1, x2: box.x2, y2: box.y2, color: box.color,
                                  thickness: strokeThickness(of: box, base: thickness), dash: dash)
        }
        for box in boxes.reversed() {
            guard let label = box.label, !label.isEmpty, box.x1.isFinite, box.y1.isFinite else { continue }
            let size = RGBImage.textSize(label, scale: scale)
            let x = min(max(0, Int(box.x1.rounded(.down))), max(0, image.width - size.width - 2))
            var y = Int(box.y1.rounded(.down)) - size.height - 2
            // No room above: inside the box, under its outline.
            if y < 0 { y = max(0, Int(box.y1.rounded(.down)) + strokeThickness(of: box, base: thickness) + 1) }
            image.drawText(label, x: x + 1, y: y + 1, color: theme.labelText(on: box.color), background: box.color, scale: scale)
        }
    }

    /// The width `box`'s outline is stroked with: the selected box's is doubled.
    private static func strokeThickness(of box: BoxOverlay, base thickness: Int) -> Int {
        box.style == .selected ? thickness * 2 : thickness
    }
}
