import Detector
import Foundation
import Rendering
import TestSupport
import Testing
@testable import TUI

struct PaneTests {
    @Test func inspectorShowsTheNumbersTheAnalysisHolds() throws {
        var state = try Fixture.state()
        state.perform(.toggleListMode)
        state.perform(.firstRow)
        state.perform(.nextRow)
        state.perform(.nextRow)
        let analysis = try #require(state.analysis)
        let text = Fixture.text(Fixture.frame(state))
        #expect(text.contains("RoI 2 of \(analysis.roiCount)"))
        let p = analysis.proposals[2]
        #expect(text.contains("proposal   " + [p.x1, p.y1, p.x2, p.y2].map { String(format: "%.1f", $0) }.joined(separator: " ")))
        if let o = analysis.objectness?[2] { #expect(text.contains(String(format: "objectness %.4f", o))) }
        let fc = Array(analysis.fcScores(roi: 2))
        let best = try #require(fc.max())
        #expect(text.contains(String(format: "%.4f", best)))
        let label = state.bestClass(roi: 2).label
        let conv = try #require(analysis.convDeltas(roi: 2))
        let deltas = Array(conv[(conv.startIndex + label * 4)...].prefix(4))
        #expect(text.contains(String(format: "dx %+.4f", deltas[0])))
        #expect(text.contains(String(format: "dx %+.4f", deltas[0] * analysis.targetStds[0] + analysis.targetMeans[0])))
        #expect(text.contains("NMS: "))
    }

    @Test func statusBarShowsImageModelVariantAndDetectorState() throws {
        let state = try Fixture.state()
        let frame = Fixture.frame(state)
        let status = frame.text(row: 47)
        #expect(status.contains("1/2 scene.png"))
        #expect(status.contains("tiny-dh"))
        #expect(status.contains("variant dh-ext"))
        #expect(status.contains("show ≥0.30"))
        #expect(status.contains("✓"))
        #expect(status.contains("?:help"))
    }

    @Test func helpOverlayListsEveryKey() throws {
        var state = try Fixture.state()
        state.perform(.toggleHelp)
        let text = Fixture.text(Fixture.frame(state))
        #expect(text.contains(HelpOverlay.title))
        for binding in KeyMap.bindings { #expect(text.contains(binding.summary), "\(binding.summary)") }
        state.perform(.quit)
        #expect(!Fixture.text(Fixture.frame(state)).contains(HelpOverlay.title))
    }

    @Test func tinyTerminalShowsAMessage() throws {
        let state = try Fixture.state()
        let text = Fixture.text(Fixture.frame(state, columns: 50, rows: 15))
        #expect(text.contains("terminal too small"))
        #expect(!Fixture.text(Fixture.frame(state, columns: 60, rows: 20)).contains("terminal too small"))
    }

    @Test func imagePaneDrawsThePictureWithBoxes() throws {
        let state = try Fixture.state()
        let frame = Fixture.frame(state)
        let layout = Layout(columns: 160, rows: 48)
        let placement = try #require(ImagePane.placement(state: state, in: layout.image))
        var coloured = 0
        for y in placement.cells.y..<(placement.cells.y + placement.cells.height) {
            for x in placement.cells.x..<(placement.cells.x + placement.cells.width) where frame[x, y].background != .default {
                coloured += 1
            }
        }
        #expect(coloured > placement.cells.width * placement.cells.height / 2)
        let overlays = ImagePane.overlays(state, theme: .dark)
        #expect(overlays.contains { $0.style == .proposal }, "the selected RoI's proposal")
        #expect(overlays.contains { $0.style == .regressionRoI })
        // Only detections at or above the display threshold are drawn.
        let shown = state.detections.filter { $0.score >= state.displayThreshold }
        #expect(shown.count < state.detections.count)
        #expect(overlays.filter { $0.style == .detection }.count == shown.count)
    }

    @Test func noColorFramesUseOnlyDefaultColours() throws {
        let state = try Fixture.state()
        let frame = Fixture.frame(state, mode: .none)
        for y in 0..<frame.rows {
            for x in 0..<frame.columns {
                #expect(frame[x, y].foreground == .default && frame[x, y].background == .default)
                if frame[x, y].foreground != .default { return }
            }
        }
    }

    @Test func clickingOnTheListSelectsThatLine() throws {
        var state = try Fixture.state()
        state.perform(.toggleListMode)
        state.perform(.firstRow)
        let layout = Layout(columns: 160, rows: 48)
        state.perform(.click(column: layout.list.x + 3, row: layout.list.y + ListPane.headerHeight + 4))
        #expect(state.cursor == 4)
    }

    @Test func clickingOnTheImageSelectsTheSmallestBoxThere() throws {
        var state = try Fixture.state()
        state.perform(.toggleListMode)
        state.perform(.firstRow)
        let analysis = try #require(state.analysis)
        let layout = Layout(columns: 160, rows: 48)
        let p = try #require(ImagePane.placement(state: state, in: layout.image))
        // The cell over the centre of RoI 5.
        let box = analysis.proposals[5]
        let cx = Double(box.x1 + box.x2) / 2, cy = Double(box.y1 + box.y2) / 2
        let column = p.cells.x + Int(cx / p.viewport.width * Double(p.cells.width))
        let row = p.cells.y + Int(cy / p.viewport.height * Double(p.cells.height))
        state.perform(.click(column: column, row: row))
        let point = try #require(ImagePane.imagePoint(column: column, row: row, state: state, in: layout.image))
        let chosen = analysis.proposals[try #require(state.selectedRoI)]
        #expect(Float(point.x) >= chosen.x1 && Float(point.x) <= chosen.x2)
        let containing = analysis.proposals.filter { Float(point.x) >= $0.x1 && Float(point.x) <= $0.x2 && Float(point.y) >= $0.y1 && Float(point.y) <= $0.y2 }
        #expect(chosen.area == containing.map(\.area).min())
    }

    @Test func exportWritesAPNGAtomically() throws {
        let state = try Fixture.state()
        let folder = try temporaryDirectory("dhscope-tui")
        let path = try ViewExporter.export(Fixture.frame(state), theme: .dark, imageName: "scene.png", variant: "dh-ext",
                                           folder: folder.path)
        #expect(path.hasSuffix("dhscope-scene-dh-ext.png"))
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(data.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))
        let again = try ViewExporter.export(Fixture.frame(state), theme: .dark, imageName: "scene.png", variant: "dh-ext",
                                            folder: folder.path)
        #expect(again.hasSuffix("dhscope-scene-dh-ext-2.png"))
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(names.sorted() == ["dhscope-scene-dh-ext-2.png", "dhscope-scene-dh-ext.png"])
    }
}
