import Detector
import Evaluation
import Foundation
import Rendering
import Testing
@testable import TUI
import Store

/// The dataset pane's keys and what it says before its review is ready.
struct DatasetPaneTests {
    /// The fixture with ground truth for its first picture.
    static func stateWithTruth() throws -> AppState {
        var state = try Fixture.state()
        let truth = state.detections.prefix(2).map { GroundTruthObject(className: "circle", box: $0.box) }
        state.groundTruth = GroundTruth(images: [GroundTruthImage(fileName: "scene.png", width: 160, height: 120, objects: truth)],
                                        classNames: TinyModel.classNames)
        return state
    }

    @Test func keysOfThePane() {
        #expect(KeyMap.action(for: .character("D")) == .toggleDatasetPane)
        #expect(KeyMap.action(for: .character("3")) == .showSection(.confusion))
        #expect(KeyMap.action(for: .enter) == .activate)
        #expect(KeyMap.action(for: .character("i")) == .switchCurveIoU)
        #expect(KeyMap.action(for: .character("o")) == .cycleImageOrder)
        #expect(KeyMap.action(for: .character("T")) == .cycleJumpKind)
    }

    @Test func dOpensAndClosesTabAndNumbersPickSectionsEscCloses() throws {
        var state = try Self.stateWithTruth()
        #expect(state.perform(.toggleDatasetPane) == nil)
        #expect(state.datasetPane?.section == .numbers)
        state.perform(.toggleListMode)
        #expect(state.datasetPane?.section == .tide)
        #expect(state.listMode == .detections, "Tab moves between sections, not list modes")
        state.perform(.showSection(.curves))
        #expect(state.datasetPane?.section == .curves)
        state.perform(.toggleListMode)
        #expect(state.datasetPane?.section == .numbers, "Tab wraps around")
        state.perform(.switchCurveIoU)
        #expect(state.datasetPane?.curvesAtFifty == true)
        state.perform(.zoomIn)
        #expect(state.zoom == 1 && state.message?.contains("closes the dataset pane") == true)
        #expect(state.perform(.quit) == nil, "Esc closes the pane, it does not quit")
        #expect(state.datasetPane == nil)
        state.perform(.showSection(.tide))
        #expect(state.datasetPane?.section == .tide, "a number key opens the pane at its section")
        state.perform(.toggleDatasetPane)
        #expect(state.datasetPane == nil)
        #expect(state.perform(.quit) == .quit)
    }

    @Test func nextImageLeavesThePane() throws {
        var state = try Self.stateWithTruth()
        state.perform(.toggleDatasetPane)
        #expect(state.perform(.nextImage) == .loadImage)
        #expect(state.datasetPane == nil && state.imageIndex == 1)
    }

    @Test func withoutGroundTruthThePaneSaysWhatItNeeds() throws {
        var state = try Fixture.state()
        state.perform(.toggleDatasetPane)
        #expect(state.message?.contains("--gt") == true)
        let text = Fixture.text(Fixture.frame(state, columns: 80, rows: 24))
        #expect(text.contains("the dataset pane needs ground truth"))
        #expect(text.contains("--gt annotations.json"))
        #expect(!text.contains("Detections "), "the list is not drawn under the pane")
    }

    /// Before the review: how far the analysis is, in the pane and in the status bar.
    @Test func beforeTheReviewThePaneShowsTheProgress() throws {
        var state = try Self.stateWithTruth()
        state.perform(.toggleDatasetPane)
        var text = Fixture.text(Fixture.frame(state, columns: 80, rows: 24))
        #expect(text.contains("the dataset review starts once the first image is analysed"))
        state.setDatasetProgress(DatasetProgress(done: 3, total: 12, imagesPerSecond: 1.5))
        let frame = Fixture.frame(state, columns: 80, rows: 24)
        text = Fixture.text(frame)
        #expect(text.contains("analysing every image for the dataset review:"))
        #expect(text.contains("dataset 3/12 · 1.5 img/s · 0:06 left"))
        #expect(frame.text(row: 23).contains("dataset 3/12"), "the status bar too")
        #expect(text.contains("1 numbers") && text.contains("4 PR curves"))
        #expect(text.contains("D or Esc closes"))
    }

    /// At 80x24 help holds fewer lines than there are keys: j scrolls to the last ones.
    @Test func helpScrollsOnAShortTerminal() throws {
        var state = try Fixture.state()
        state.terminalSize = (80, 24)
        state.perform(.toggleHelp)
        var text = Fixture.text(Fixture.frame(state, columns: 80, rows: 24))
        let last = try #require(KeyMap.bindings.last?.summary)
        #expect(text.contains(KeyMap.bindings[0].summary) && !text.contains(last))
        #expect(text.contains("j/k: 1-18 of \(KeyMap.bindings.count)"))
        for _ in 0..<KeyMap.bindings.count { state.perform(.nextRow) }
        text = Fixture.text(Fixture.frame(state, columns: 80, rows: 24))
        #expect(text.contains(last) && !text.contains(KeyMap.bindings[0].summary))
        #expect(state.showHelp && state.cursor == 0, "j scrolls help, not the list")
        state.perform(.quit)
        #expect(!state.showHelp && state.helpScroll == 0)
    }
}
