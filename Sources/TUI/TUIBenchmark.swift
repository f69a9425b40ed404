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
        /// With a store: median time from `n` (another image, analysed before) to its frame:
        /// the image decoded, its analysis read from the store, every variant's post-processing;
        /// nil without one.
        public var storedImageMilliseconds: Double?

        // `bench tui --json` names, snake_case as every command's JSON.
        enum CodingKeys: String, CodingKey {
            case columns, rows, iterations
            case keyToFrameMilliseconds = "key_to_frame_ms", variantSwitchMilliseconds = "variant_switch_ms"
            case storedImageMilliseconds = "stored_image_ms"
        }

        public init(columns: Int, rows: Int, iterations: Int, keyToFrameMilliseconds: Double, variantSwitchMilliseconds: Double,
                    storedImageMilliseconds: Double? = nil) {
            self.columns = columns
            self.rows = rows
            self.iterations = iterations
            self.keyToFrameMilliseconds = keyToFrameMilliseconds
            self.variantSwitchMilliseconds = variantSwitchMilliseconds
            self.storedImageMilliseconds = storedImageMilliseconds
        }

        // Every field in every report: null without a store.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(columns, forKey: .columns)
            try c.encode(rows, forKey: .rows)
            try c.encode(iterations, forKey: .iterations)
            try c.encode(keyToFrameMilliseconds, forKey: .keyToFrameMilliseconds)
            try c.encode(variantSwitchMilliseconds, forKey: .variantSwitchMilliseconds)
            if let storedImageMilliseconds { try c.encode(storedImageMilliseconds, forKey: .storedImageMilliseconds) } else {
                try c.encodeNil(forKey: .storedImageMilliseconds)
            }
        }

        /// The result as `bench tui` prints it; `image` names the file timed.
        public func text(image: String) -> String {
            """
            \(image) in a \(columns)x\(rows) terminal, median of \(iterations) frames
            \(String(format: "  key press to frame written: %.2f ms", keyToFrameMilliseconds))
            \(String(format: "  variant switch to frame:    %.2f ms", variantSwitchMilliseconds))
            """ + (storedImageMilliseconds.map { String(format: "\n  another image from the store: %.2f ms", $0) } ?? "")
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

    /// Times `n` and `p` between two images whose analyses `archive` holds (each analysed once
    /// first if it does not), with a detector service that remembers one analysis only, so every
    /// step decodes the image, reads its analysis from the store and post-processes it: what a
    /// jump to an error on another image costs.
    public static func storedImageTimes(detector: DoubleHeadDetector, imagePaths: [String], archive: any AnalysisArchive,
                                        columns: Int = 200, rows: Int = 60, iterations: Int = 30) throws -> Double {
        let backend = TestBackend(columns: columns, rows: rows, colorMode: .truecolor)
        let state = AppState(imagePaths: imagePaths, modelName: detector.source, config: detector.config)
        let service = DetectorService(detector: detector, cacheLimit: 1, archive: archive)
        let browser = Browser(state: state, backend: backend, service: service)
        let writer = AnsiWriter(mode: .truecolor)
        browser.loadCurrentImage()
        var times: [Double] = []
        // The first round of visits fills the store; those are not timed.
        for i in 0..<(imagePaths.count + max(1, iterations)) {
            let start = DispatchTime.now().uptimeNanoseconds
            if i > 0 { browser.handle(.key(.character("n"))) }
            guard browser.waitUntilLoaded(timeout: 600) else { throw TerminalError("an image did not load in time") }
            browser.drawFrame()
            if let frame = backend.frame { _ = writer.renderUTF8(frame) }
            if i >= imagePaths.count { times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6) }
        }
        return times.median ?? 0
    }
}
