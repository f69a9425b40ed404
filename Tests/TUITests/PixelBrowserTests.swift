import Detector
import Foundation
import Imaging
import Rendering
import TestSupport
import Testing
@testable import TUI

/// The browser with real pixels on an in-memory terminal: the image pane's cells stay blank,
/// the picture is written after the frame only when what it shows changed, and never while
/// the help or another pane covers the image pane.
@Suite(.serialized)
struct PixelBrowserTests {
    static func browser(_ pixels: PixelProtocol) throws -> (Browser, TestBackend) {
        let folder = try temporaryDirectory("dhscope-pixels")
        let a = try TinyModel.writeImage(in: folder, name: "a.png")
        let detector = try TinyModel.detector()
        let backend = TestBackend(columns: 120, rows: 40)
        backend.pixelPainter = PixelPainter(pixels: pixels)
        var state = AppState(imagePaths: [a], modelName: "tiny", config: detector.config)
        state.pixelCell = PixelSize(width: 8, height: 16)
        let browser = Browser(state: state, backend: backend, service: DetectorService(detector: detector))
        browser.loadCurrentImage()
        #expect(browser.waitUntilLoaded(timeout: 120))
        return (browser, backend)
    }

    @Test func picturesAreWrittenOnlyWhenThePaneChanges() throws {
        let (browser, backend) = try Self.browser(.sixel)
        browser.handle(.key(.tab))  // every RoI listed: j always selects another box
        browser.drawFrame()
        let first = backend.lastPictureBytes
        #expect(!first.isEmpty)
        let text = String(decoding: first, as: UTF8.self)
        // Cursor saved, moved into the image pane (below its title row), sixel, restored.
        #expect(text.hasPrefix("\u{1B}7\u{1B}[2;"))
        #expect(text.contains("\u{1B}P0;1q\"1;1;"))
        #expect(text.hasSuffix("\u{1B}\\\u{1B}8"))
        // Nothing changed: nothing written.
        browser.drawFrame()
        #expect(backend.lastPictureBytes.isEmpty)
        // Another RoI: a new picture.
        browser.handle(.key(.character("j")))
        browser.drawFrame()
        #expect(!backend.lastPictureBytes.isEmpty && backend.lastPictureBytes != first)
        // The help covers the pane: no picture.
        browser.handle(.key(.character("?")))
        browser.drawFrame()
        #expect(backend.lastPictureBytes.isEmpty)
        browser.handle(.key(.character("?")))
        browser.drawFrame()
        #expect(!backend.lastPictureBytes.isEmpty)
        // Zoom changes the picture too.
        browser.handle(.key(.character("z")))
        browser.drawFrame()
        #expect(!backend.lastPictureBytes.isEmpty)
    }

    @Test func theImagePaneLeavesItsCellsBlankForThePicture() throws {
        let (browser, backend) = try Self.browser(.kitty)
        browser.drawFrame()
        let layout = Layout(columns: 120, rows: 40)
        let placement = try #require(ImagePane.placement(state: browser.state, in: layout.image))
        let frame = try #require(backend.frame)
        for row in placement.cells.y..<(placement.cells.y + placement.cells.height) {
            for column in placement.cells.x..<(placement.cells.x + placement.cells.width) {
                #expect(frame[column, row].scalar == " ")
            }
        }
        // The picture stays inside the image pane: above the status bar, left of the list.
        #expect(placement.cells.y + placement.cells.height <= layout.status.y)
        #expect(placement.cells.x + placement.cells.width <= layout.image.x + layout.image.width)
        let size = try #require(placement.pixels)
        #expect(size.width <= placement.cells.width * 8 && size.height <= placement.cells.height * 16 && size.height % 6 == 0)
    }

    @Test func kittyReplacesThePreviousImageAndDeletesIt() throws {
        let (browser, backend) = try Self.browser(.kitty)
        browser.handle(.key(.tab))
        browser.drawFrame()
        let first = String(decoding: backend.lastPictureBytes, as: UTF8.self)
        #expect(first.contains("a=t,f=24,") && first.contains("i=1,") && first.contains("\u{1B}_Ga=p,i=1,p=1,"))
        #expect(!first.contains("a=d"))
        browser.handle(.key(.character("j")))
        browser.drawFrame()
        let second = String(decoding: backend.lastPictureBytes, as: UTF8.self)
        // The new picture under the other id, placed, then the old one deleted.
        #expect(second.contains("i=2,") && second.contains("\u{1B}_Ga=d,d=I,i=1,q=2\u{1B}\\"))
    }
}
