import Detector
import Foundation
import TestSupport
import Testing
@testable import TUI

@Suite(.serialized)
struct BrowserTests {
    @Test func keysWorkWhileTheDetectorRunsAndResultsArrive() throws {
        let folder = try temporaryDirectory("dhscope-tui")
        let a = try TinyModel.writeImage(in: folder, name: "a.png")
        let b = try TinyModel.writeImage(in: folder, name: "b.png", seed: 2)
        let detector = try TinyModel.detector()
        let backend = TestBackend(columns: 120, rows: 40)
        let state = AppState(imagePaths: [a, b], modelName: "tiny", config: detector.config)
        let browser = Browser(state: state, backend: backend, service: DetectorService(detector: detector))
        browser.loadCurrentImage()
        // Keys are handled at once, before any result.
        browser.handle(.key(.character("v")))
        browser.drawFrame()
        #expect(backend.screenText.contains("variant fc"))
        #expect(browser.waitUntilLoaded(timeout: 120))
        browser.drawFrame()
        #expect(backend.screenText.contains("✓"))
        #expect(backend.screenText.contains("RoI "))
        browser.handle(.key(.character("n")))
        #expect(browser.state.imageIndex == 1)
        #expect(browser.waitUntilLoaded(timeout: 120))
        browser.drawFrame()
        #expect(backend.screenText.contains("2/2 b.png"))
    }

    @Test func anUnreadableImageShowsItsErrorAndBrowsingContinues() throws {
        let folder = try temporaryDirectory("dhscope-tui")
        let broken = folder.appendingPathComponent("broken.png").path
        try Data("not a png".utf8).write(to: URL(fileURLWithPath: broken))
        let good = try TinyModel.writeImage(in: folder, name: "good.png")
        let detector = try TinyModel.detector()
        let backend = TestBackend(columns: 120, rows: 40)
        let browser = Browser(state: AppState(imagePaths: [broken, good], modelName: "tiny", config: detector.config),
                              backend: backend, service: DetectorService(detector: detector))
        browser.loadCurrentImage()
        #expect(browser.waitUntilLoaded(timeout: 60))
        browser.drawFrame()
        #expect(backend.screenText.contains("cannot show this image"))
        #expect(backend.screenText.contains("failed"))
        // The inspector agrees with the status bar: no "waiting" for a detector that failed.
        #expect(!backend.screenText.contains("waiting for the detector"))
        #expect(backend.screenText.contains("the detector failed on this image"))
        browser.handle(.key(.character("n")))
        #expect(browser.waitUntilLoaded(timeout: 120))
        browser.drawFrame()
        #expect(backend.screenText.contains("good.png"))
        #expect(!backend.screenText.contains("cannot show this image"))
    }

    @Test func quitKeysEndTheLoop() throws {
        let detector = try TinyModel.detector()
        let backend = TestBackend(columns: 80, rows: 24)
        backend.pendingEvents = [.key(.character("?")), .key(.character("q")), .key(.character("q"))]
        let browser = Browser(state: AppState(imagePaths: [], modelName: "tiny", config: detector.config),
                              backend: backend, service: DetectorService(detector: detector))
        browser.run()
        #expect(backend.isShutDown)
        #expect(backend.pendingEvents.isEmpty)
    }

    @Test func benchmarkReportsFrameTimes() throws {
        let folder = try temporaryDirectory("dhscope-tui")
        let path = try TinyModel.writeImage(in: folder)
        let result = try TUIBenchmark.frameTimes(detector: try TinyModel.detector(), imagePath: path, iterations: 5)
        #expect(result.columns == 200 && result.rows == 60)
        #expect(result.keyToFrameMilliseconds > 0)
        #expect(result.variantSwitchMilliseconds > 0)
        print("TUI benchmark 200x60: key to frame \(result.keyToFrameMilliseconds) ms, variant switch \(result.variantSwitchMilliseconds) ms")
    }
}
