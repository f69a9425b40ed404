import Compute
import Detector
import Foundation
import Imaging
import Evaluation
import Inspection
import Rendering
import TestSupport
import Testing
@testable import TUI
import Store

/// The scalars met in frames, each with the first place it was seen.
private struct SeenScalars {
    var places: [Unicode.Scalar: String] = [:]

    mutating func collect(_ grid: CellGrid?, _ what: String) {
        guard let grid else { return }
        for row in 0..<grid.rows {
            for column in 0..<grid.columns where places[grid[column, row].scalar] == nil {
                places[grid[column, row].scalar] = "\(what), cell \(column),\(row)"
            }
        }
    }

    /// The scalars the PNG export would draw as the fallback box, described.
    var fallbacks: [String] {
        places.filter { !CellGridPainter.drawsGlyph(for: $0.key) }
            .map { "U+\(String($0.key.value, radix: 16, uppercase: true)) \($0.key) in \($0.value)" }.sorted()
    }
}

/// The glyphs of one cell of a picture: pixels unlike the cell's top-left pixel as "#".
private func cellPattern(_ image: RGBImage, column: Int, row: Int) -> [String] {
    let paper = image[column * 8, row * 16]
    return (0..<16).map { y in String((0..<8).map { x in image[column * 8 + x, row * 16 + y] == paper ? "." : "#" }) }
}

/// The PNG export (`e`) paints every character the browser draws with a real glyph: the chrome
/// with the cell font, the picture's block glyphs from their coverage; never the fallback box.
@Suite(.serialized)
struct ExportGlyphCoverageTests {
    /// Characters the chrome is known to draw. The walk below must meet every one of them, so
    /// it cannot pass by not reaching the screens that draw them.
    static let chrome: [Unicode.Scalar] = [
        "\u{2502}", "\u{00B7}", "\u{00D7}", "\u{2713}", "\u{2717}", "\u{2500}", "\u{250C}", "\u{2510}", "\u{2514}",
        "\u{2518}", "\u{25B6}", "\u{2193}", "\u{2191}", "\u{2026}", "\u{2192}", "\u{2588}",
    ] + StatusBar.spinner.compactMap(\.unicodeScalars.first)

    @Test func everyCharacterTheBrowserDrawsHasARealGlyphInTheExport() throws {
        var seen = SeenScalars()

        // A browser on an in-memory terminal, before results, then through every key but e and q.
        let folder = try temporaryDirectory("dhscope-tui")
        let first = try TinyModel.writeImage(in: folder)
        let second = try TinyModel.writeImage(in: folder, name: "second.png", seed: 3)
        let detector = try TinyModel.detector()
        let backend = TestBackend(columns: 160, rows: 48)
        let browser = Browser(state: AppState(imagePaths: [first, second], modelName: "tiny-dh", config: detector.config),
                              backend: backend, service: DetectorService(detector: detector))
        browser.drawFrame()
        seen.collect(backend.frame, "before loading")
        browser.loadCurrentImage()
        #expect(browser.waitUntilLoaded(timeout: 120))
        browser.drawFrame()
        seen.collect(backend.frame, "loaded")
        let keys: [Key] = [
            .character("?"), .character("?"), .tab, .character("j"), .down, .character("s"), .character("f"),
            .character("f"), .character("z"), .character("h"), .character("J"), .character("0"), .character("r"),
            .end, .home, .tab, .character("c"), .character("b"), .character("v"), .character("V"), .up,
            .character("c"), .character("t"),
        ] + Array(repeating: .character("+"), count: 13) + Array(repeating: .character("-"), count: 13)
        for key in keys {
            browser.handle(.key(key))
            browser.drawFrame()
            seen.collect(backend.frame, "after \(key)")
        }
        browser.handle(.click(column: 100, row: 6))
        browser.drawFrame()
        seen.collect(backend.frame, "after a click on the list")
        browser.handle(.key(.character("n")))
        browser.drawFrame()
        seen.collect(backend.frame, "next image, loading")
        #expect(browser.waitUntilLoaded(timeout: 120))
        browser.drawFrame()
        seen.collect(backend.frame, "next image")

        // States the keys do not reach at will: every detector stage and spinner step, failures,
        // ground truth, a message, every symbol set with and without colour, a tiny terminal.
        let chrome = Chrome(theme: .dark, mode: .truecolor)
        var waiting = AppState(imagePaths: [first], modelName: "tiny-dh", config: detector.config)
        for tick in 0..<StatusBar.spinner.count {
            seen.collect(Screen.compose(waiting, columns: 160, rows: 48, chrome: chrome, tick: tick), "queued, tick \(tick)")
        }
        for stage in DetectorStage.allCases {
            waiting.apply(.progress(stage))
            for tick in 0..<StatusBar.spinner.count {
                seen.collect(Screen.compose(waiting, columns: 160, rows: 48, chrome: chrome, tick: tick), "\(stage), tick \(tick)")
            }
        }
        waiting.apply(.failed(AnalysisCancelled()))
        waiting.setPicture(.failed("not a PNG file"))
        seen.collect(Screen.compose(waiting, columns: 160, rows: 48, chrome: chrome), "failed")

        var state = try Fixture.state()
        let analysis = try #require(state.analysis)
        state.apply(.finished(analysis, cached: true))
        let truth = state.detections.prefix(2).map { GroundTruthObject(className: "circle", box: $0.box.scaled(by: 1.1)) }
        state.groundTruth = GroundTruth(
            images: [GroundTruthImage(fileName: "scene.png", width: 160, height: 120, objects: Array(truth))],
            classNames: TinyModel.classNames)
        state.perform(.toggleGroundTruth)
        state.perform(.cycleSort)
        seen.collect(Fixture.frame(state), "ground truth, detections")
        state.perform(.toggleListMode)
        state.perform(.firstRow)
        let inspector = Fixture.frame(state)
        #expect(Fixture.text(inspector).contains("GT IoU"))
        seen.collect(inspector, "ground truth, RoI inspector")
        state.message = "wrote dhscope-scene-dh-ext.png"
        // 256 and 16 colours draw the characters true colour does (only the colours differ), and
        // their first use builds a colour table that takes long in a debug build: left out.
        for mode in [ColorMode.truecolor, .none] {
            for symbols in SymbolSet.allCases {
                let frame = Screen.compose(state, columns: 160, rows: 48, chrome: Chrome(theme: .dark, mode: mode), symbols: symbols)
                seen.collect(frame, "\(mode) colours, \(symbols)")
            }
        }
        seen.collect(Fixture.frame(state, columns: 50, rows: 15), "terminal too small")

        // The dataset pane: waiting with a progress bar, every section, a cell's members, a miss.
        var dataset = try DatasetFixture.state()
        dataset.perform(.toggleDatasetPane)
        var waitingForReview = try DatasetPaneTests.stateWithTruth()
        waitingForReview.perform(.toggleDatasetPane)
        waitingForReview.setDatasetProgress(DatasetProgress(done: 3, total: 12, imagesPerSecond: 1.5))
        seen.collect(Fixture.frame(waitingForReview), "dataset pane, analysing")
        for section in DatasetPaneState.Section.allCases {
            dataset.perform(.showSection(section))
            seen.collect(Fixture.frame(dataset), "dataset pane, \(section)")
        }
        dataset.perform(.showSection(.confusion))
        dataset.perform(.activate)
        seen.collect(Fixture.frame(dataset), "dataset pane, a cell's members")
        dataset.perform(.quit)
        for _ in 0..<3 { dataset.perform(.panRight) }
        dataset.perform(.activate)
        dataset.perform(.activate)
        seen.collect(Fixture.frame(dataset), "a missed object")

        #expect(seen.fallbacks.isEmpty, "\(seen.fallbacks.joined(separator: "\n"))")
        let missed = Self.chrome.filter { seen.places[$0] == nil }
        #expect(missed.isEmpty, "the walk never drew \(missed.map(String.init))")
    }

    @Test func everyNonASCIICharacterInTheBrowsersCodeHasARealGlyph() throws {
        // Sources/TUI and Sources/Rendering, comments left out: literal characters and \u{...}.
        let root = RepositoryFiles.url("Sources")
        var found: [Unicode.Scalar: String] = [:]
        for folder in ["TUI", "Rendering"] {
            let url = root.appendingPathComponent(folder)
            // Every file below the folder: modules keep a folder per concept.
            let names = (FileManager.default.subpaths(atPath: url.path) ?? []).filter { $0.hasSuffix(".swift") }
            #expect(!names.isEmpty)
            for name in names {
                let text = try String(contentsOf: url.appendingPathComponent(name), encoding: .utf8)
                for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    let code = line.components(separatedBy: "//")[0]
                    var scalars = code.unicodeScalars.filter { $0.value > 0x7E }
                    for match in code.matches(of: /\\u\{([0-9A-Fa-f]+)\}/) {
                        if let value = UInt32(match.1, radix: 16), value > 0x7E, let s = Unicode.Scalar(value) { scalars.append(s) }
                    }
                    for s in scalars where found[s] == nil { found[s] = "\(folder)/\(name):\(n + 1)" }
                }
            }
        }
        for s in Self.chrome { #expect(found[s] != nil, "U+\(String(s.value, radix: 16)) not found in the sources") }
        let bad = found.filter { !CellGridPainter.drawsGlyph(for: $0.key) }.map { "\($0.key) \($0.value)" }
        #expect(bad.isEmpty, "\(bad)")
    }

    @Test func exportedPNGIsTheFrameAtEightBySixteenPixelsACell() throws {
        let state = try Fixture.state()
        let frame = Fixture.frame(state)
        let folder = try temporaryDirectory("dhscope-tui")
        let path = try ViewExporter.export(frame, theme: .dark, imageName: "scene.png", variant: "dh-ext", folder: folder.path)
        let picture = try ImageDecoder().decodeRGB(contentsOf: path)
        #expect(picture.width == 160 * 8 && picture.height == 48 * 16)
        #expect(picture == CellGridPainter.paint(frame, theme: .dark))

        // The status bar's separator and the title's × are the font's glyphs, not boxes.
        let status = frame.text(row: 47)
        let bar = try #require(Array(status.unicodeScalars).firstIndex(of: "\u{2502}"))
        #expect(cellPattern(picture, column: bar, row: 47) == Array(repeating: "...#....", count: 16))
        let times = try #require(Array(frame.text(row: 0).unicodeScalars).firstIndex(of: "\u{00D7}"))
        #expect(cellPattern(picture, column: times, row: 0) == [
            "........", "........", "........", "........", "........",
            ".#....#.", "..#..#..", "...##...", "...##...", "..#..#..", ".#....#.",
            "........", "........", "........", "........", "........",
        ])
        // "q:quit" in the status bar: q has its descender (Terminus 00000000003E42424242423E02020200),
        // so it no longer reads as "a".
        let quit = try #require(status.range(of: "q:quit"))
        let q = status[..<quit.lowerBound].unicodeScalars.count
        #expect(cellPattern(picture, column: q, row: 47) == [
            "........", "........", "........", "........", "........",
            "..#####.", ".#....#.", ".#....#.", ".#....#.", ".#....#.", ".#....#.", "..#####.",
            "......#.", "......#.", "......#.", "........",
        ])
    }
}
