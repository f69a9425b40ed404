import Compute
import Imaging

/// Deterministic inputs for timing the detector, the same as Tools/bench/detector_bench.py
/// builds, so that PyTorch can be timed on identical pixels and boxes.
public enum BenchmarkInput {
    /// A test pattern of `width` x `height` pixels: channel c of pixel (x, y) is
    /// (7x + 13y + 50c + (xy mod 61)) mod 256.
    public static func pattern(width: Int, height: Int) -> RGBImage {
        var image = RGBImage(width: max(0, width), height: max(0, height))
        for y in 0..<image.height {
            for x in 0..<image.width {
                for c in 0..<3 {
                    image.pixels[(y * image.width + x) * 3 + c] = UInt8((x * 7 + y * 13 + c * 50 + (x * y) % 61) % 256)
                }
            }
        }
        return image
    }

    /// `count` boxes of several sizes spread over a `width` x `height` image, to run the
    /// heads on a fixed number of RoIs instead of the RPN's proposals.
    public static func spreadBoxes(count: Int, width: Int, height: Int) -> [Box] {
        (0..<max(0, count)).map { i in
            let w = Float(16 + (i * 37) % max(1, width / 2)), h = Float(16 + (i * 53) % max(1, height / 2))
            let x = Float((i * 97) % max(1, width - Int(w))), y = Float((i * 89) % max(1, height - Int(h)))
            return Box(x1: x, y1: y, x2: x + w, y2: y + h)
        }
    }
}
