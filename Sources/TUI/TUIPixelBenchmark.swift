import Compute
import Detector
import Foundation
import Imaging
import Rendering

/// Timings of the browser's real-pixel pictures on an in-memory terminal, for
/// `dhscope bench tui --pixels`.
public enum TUIPixelBenchmark {
    public struct Result: Sendable, Codable {
        public var pixels: String
        public var columns: Int
        public var rows: Int
        /// The picture's size in pixels.
        public var width: Int
        public var height: Int
        public var iterations: Int
        /// Median time from a key (next RoI) to the frame and its picture encoded.
        public var nextRoIMilliseconds: Double
        /// The first picture of the image (resize and, for sixel, the palette).
        public var firstPictureMilliseconds: Double
        /// Median bytes of a picture.
        public var bytesPerPicture: Int

        enum CodingKeys: String, CodingKey {
            case pixels, columns, rows, width, height, iterations
            case nextRoIMilliseconds = "next_roi_ms", firstPictureMilliseconds = "first_picture_ms"
            case bytesPerPicture = "bytes_per_picture"
        }

        public func text(image: String) -> String {
            """
            \(image): \(pixels) pictures of \(width)x\(height) pixels in a \(columns)x\(rows) terminal, median of \(iterations)
            \(String(format: "  next RoI to picture encoded: %.2f ms", nextRoIMilliseconds))
            \(String(format: "  first picture of the image:  %.2f ms", firstPictureMilliseconds))
              bytes a picture:             \(bytesPerPicture)
            """
        }
    }

    /// Runs `detector` once on the image, then times `j`/`k` (the next and previous RoI) with
    /// pictures encoded by a ``PixelPainter`` and written to /dev/null.
    public static func run(detector: DoubleHeadDetector, imagePath: String, pixels: PixelProtocol, cell: PixelSize,
                           columns: Int, rows: Int, iterations: Int = 30) throws -> Result {
        let backend = TestBackend(columns: columns, rows: rows, colorMode: .truecolor)
        var state = AppState(imagePaths: [imagePath], modelName: detector.source, config: detector.config)
        state.pixelCell = cell
        let browser = Browser(state: state, backend: backend, service: DetectorService(detector: detector))
        browser.loadCurrentImage()
        guard browser.waitUntilLoaded(timeout: 600) else { throw TerminalError("the benchmark image did not load in time") }
        // RoI mode lists every proposal, so j always moves the selection.
        browser.handle(.key(.tab))
        let sink = FileHandle(forWritingAtPath: "/dev/null")
        var sizes: [Double] = []
        func time(_ key: Key?) -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            if let key { browser.handle(.key(key)) }
            browser.drawFrame()
            sink?.write(Data(backend.lastPictureBytes))
            sizes.append(Double(backend.lastPictureBytes.count))
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        }
        backend.pixelPainter = PixelPainter(pixels: pixels)
        let first = time(nil)
        var times: [Double] = []
        for i in 0..<max(1, iterations) { times.append(time(.character(i % 2 == 0 ? "j" : "k"))) }
        let layout = Layout(columns: columns, rows: rows)
        let size = ImagePane.placement(state: browser.state, in: layout.image)?.pixels ?? PixelSize(width: 0, height: 0)
        return Result(pixels: pixels.rawValue, columns: columns, rows: rows, width: size.width, height: size.height,
                      iterations: max(1, iterations), nextRoIMilliseconds: times.median ?? 0, firstPictureMilliseconds: first,
                      bytesPerPicture: Int(Array(sizes.dropFirst()).median ?? 0))
    }
}
