import Foundation
import Imaging
@testable import Rendering

/// Test pictures: flat regions with boxes (few colours), and a smooth photo-like field.
enum PixelTestImages {
    /// 97x53 (odd sizes, a partial sixel band): four flat quadrants and two boxes drawn by
    /// BoxPainter with labels; well under 256 colours.
    static func flat() -> (image: RGBImage, boxes: [BoxOverlay]) {
        var image = RGBImage(width: 97, height: 53, fill: RGBColor(30, 40, 50))
        image.fill(x0: 48, y0: 0, x1: 97, y1: 26, color: RGBColor(200, 180, 20))
        image.fill(x0: 0, y0: 26, x1: 48, y1: 53, color: RGBColor(10, 120, 200))
        let boxes = [BoxOverlay(x1: 5, y1: 12, x2: 60, y2: 40, color: RGBColor(255, 0, 128), style: .selected, label: "hexagon 0.97"),
                     BoxOverlay(x1: 40, y1: 3, x2: 90, y2: 50, color: RGBColor(0, 230, 90), style: .proposal, label: "RoI 3")]
        BoxPainter.draw(boxes, on: &image)
        return (image, boxes)
    }

    /// A smooth photo-like field: hue turning across, lightness down, a soft highlight,
    /// deterministic noise. Thousands of colours.
    static func photo(width: Int = 160, height: Int = 96) -> RGBImage {
        var image = RGBImage(width: width, height: height)
        var seed: UInt32 = 12345
        for y in 0..<height {
            for x in 0..<width {
                seed = seed &* 1664525 &+ 1013904223
                let noise = Double(seed >> 24) / 255 * 6 - 3
                let fx = Double(x) / Double(width), fy = Double(y) / Double(height)
                let d2: Double = (fx - 0.3) * (fx - 0.3) + (fy - 0.4) * (fy - 0.4)
                let highlight: Double = 60 * exp(-d2 * 12)
                let r: Double = 40 + 170 * fx + highlight + noise
                let wave: Double = 0.5 + 0.5 * sin(fx * 6)
                let g: Double = 60 + 120 * (1 - fy) * wave + highlight + noise
                let b: Double = 200 - 150 * fx * fy + noise
                image[x, y] = RGBColor(UInt8(max(0, min(255, r))), UInt8(max(0, min(255, g))), UInt8(max(0, min(255, b))))
            }
        }
        return image
    }

    /// What a sixel terminal shows for `color`: each channel as a whole percent.
    static func sixelRounded(_ color: RGBColor) -> RGBColor {
        func round(_ v: UInt8) -> UInt8 {
            let percent = (Double(v) * 100 / 255).rounded()
            return UInt8((percent * 255 / 100).rounded())
        }
        return RGBColor(round(color.r), round(color.g), round(color.b))
    }

    /// Peak signal-to-noise ratio in dB of `b` against `a` (same size).
    static func psnr(_ a: RGBImage, _ b: RGBImage) -> Double {
        var sum = 0.0
        for (x, y) in zip(a.pixels, b.pixels) { sum += (Double(x) - Double(y)) * (Double(x) - Double(y)) }
        let mse = sum / Double(a.pixels.count)
        return mse == 0 ? .infinity : 10 * log10(255 * 255 / mse)
    }
}
