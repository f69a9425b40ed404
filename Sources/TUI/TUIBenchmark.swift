import Compute
import Detector
import Foundation
import Imaging
import Rendering

/// Timings of the browser's frame loop on an in-memory terminal, for `dhscope bench`.
public enum TUIBenchmark {
    public struct Result: Sendable, Codable {
        public var columns: Int
        public var rows: Int
        public var iterations: Int
        /// Median time from a key (next RoI) to the frame composed and encoded as terminal output.
        public var keyToFrameMilliseconds: Double
        /// Median time from `v` (next head variant) to the frame, post-processing included.
        public var variantSwitchMilliseconds: Double

        // `bench tui --json` names, snake_case as every command's JSON.
        enum CodingKeys: String, CodingKey {
            case columns, rows, iterations
            case keyToFrameMilliseconds = "key_to_frame_ms", variantSwitchMilliseconds = "variant_switch_ms"
        }

        /// The result as `bench tui` prints it; `image` names the file timed.
        public func text(image: String) -> String {
            """
            \(image) in a \(columns)x\(rows) terminal, median of \(iterations) frames
            \(String(format: "  key press to frame written: %.2f ms", keyToFrameMilliseconds))
            \(String(format: "  variant switch to frame:    %.2f ms", variantSwitchMilliseconds))
            """
        }
    }

    /// Runs `detector` once on the image at `imagePath`, then times key presses on a
    /// `columns` x `rows` in-memory terminal in true colour; frames are also encoded to the
    /// ANSI bytes a terminal would receive.
    public static func frameTimes(detector: DoubleHeadDetector, imagePath: String, columns: Int = 200, rows: Int = 60,
                                  iterations: Int = 30) throws -> Result {
        let backend = TestBackend(columns: columns, rows: rows, colorMode: .truecolor)
        let state = AppState(imagePaths: [imagePath], modelName: detector.source, config: detector.config)
        let browser = Browser(state: state, backend: backend, service: DetectorService(detector: detector))
        browser.loadCurrentImage()
        guard browser.waitUntilLoaded(timeout: 600) else {
            throw TerminalError("the benchmark image did not load in time")
        }
        browser.drawFrame()
        let writer = AnsiWriter(mode: .truecolor)
        func time(_ key: Key) -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            browser.handle(.key(key))
            browser.drawFrame()
            if let frame = backend.frame { _ = writer.renderUTF8(frame) }
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        }
        var keys: [Double] = [], variants: [Double] = []
        for i in 0..<max(1, iterations) {
            keys.append(time(.character(i % 2 == 0 ? "j" : "k")))
            variants.append(time(.character("v")))
        }
        func median(_ v: [Double]) -> Double { v.median ?? 0 }
        return Result(columns: columns, rows: rows, iterations: max(1, iterations),
                      keyToFrameMilliseconds: median(keys), variantSwitchMilliseconds: median(variants))
    }
}
