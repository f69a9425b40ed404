import Detector
import Foundation
import Testing
@testable import TUI

struct AppStateTests {
    @Test func keysMapToActions() {
        #expect(KeyMap.action(for: .character("j")) == .nextRow)
        #expect(KeyMap.action(for: .down) == .nextRow)
        #expect(KeyMap.action(for: .character("k")) == .previousRow)
        #expect(KeyMap.action(for: .pageDown) == .nextImage)
        #expect(KeyMap.action(for: .character("v")) == .nextVariant)
        #expect(KeyMap.action(for: .character("V")) == .previousVariant)
        #expect(KeyMap.action(for: .tab) == .toggleListMode)
        #expect(KeyMap.action(for: .escape) == .quit)
        #expect(KeyMap.action(for: .character("?")) == .toggleHelp)
        #expect(KeyMap.action(for: .character("x")) == .toggleErrors)
        #expect(KeyMap.action(for: .character("w")) == nil)
    }

    @Test func helpOpensAndQInsideHelpClosesOnlyHelp() throws {
        var state = try Fixture.state()
        #expect(state.perform(.toggleHelp) == nil)
        #expect(state.showHelp)
        #expect(state.perform(.nextVariant) == nil)
        #expect(state.showHelp, "other keys are ignored while help is open")
        #expect(state.perform(.quit) == nil)
        #expect(!state.showHelp)
        #expect(state.perform(.quit) == .quit)
    }

    @Test func variantCyclingChangesTheStatusBarAndDetections() throws {
        var state = try Fixture.state()
        #expect(state.variants == [.fc, .conv, .dh, .dhReverse, .dhExt])
        #expect(state.variant == .dhExt)
        let before = StatusBar.text(state, tick: 0)
        #expect(before.contains("variant dh-ext"))
        state.perform(.nextVariant)
        #expect(state.variant == .fc)
        #expect(StatusBar.text(state, tick: 0).contains("variant fc"))
        let analysis = try #require(state.analysis)
        let expected = try PostProcessor.detections(analysis, variant: .fc, settings: state.settings)
        #expect(state.detections == expected)
        state.perform(.previousVariant)
        #expect(state.variant == .dhExt)
    }

    @Test func rowsMoveWithinBoundsAndListModesSwitch() throws {
        var state = try Fixture.state()
        state.perform(.toggleListMode)
        state.perform(.firstRow)
        #expect(state.listMode == .rois)
        #expect(state.rows.count == state.analysis?.roiCount)
        #expect(state.rows.map(\.roi) == Array(0..<state.rows.count), "RoIs are listed by index")
        state.perform(.previousRow)
        #expect(state.cursor == 0)
        state.perform(.nextRow)
        state.perform(.nextRow)
        #expect(state.selectedRoI == 2)
        state.perform(.lastRow)
        #expect(state.cursor == state.rows.count - 1)
        state.perform(.nextRow)
        #expect(state.cursor == state.rows.count - 1)
        state.perform(.firstRow)
        #expect(state.cursor == 0)
    }

    @Test func thresholdSortAndFilter() throws {
        var state = try Fixture.state()
        state.perform(.toggleListMode)
        state.perform(.firstRow)
        let start = state.displayThreshold
        let evaluation = state.settings.scoreThreshold
        state.perform(.raiseThreshold)
        #expect(state.displayThreshold > start)
        state.perform(.lowerThreshold)
        state.perform(.lowerThreshold)
        #expect(state.displayThreshold < start)
        // The display threshold never changes post-processing.
        #expect(state.settings.scoreThreshold == evaluation)
        state.perform(.cycleSort)
        #expect(state.sort == .score)
        let scores = state.rows.map(\.score)
        #expect(scores == scores.sorted(by: >))
        state.perform(.cycleClassFilter)
        #expect(state.classFilter == 0)
        #expect(state.rows.allSatisfy { $0.label == 0 })
        for _ in 0..<3 { state.perform(.cycleClassFilter) }
        #expect(state.classFilter == nil)
    }

    @Test func compareModeMarksDifferences() throws {
        var state = try Fixture.state()
        state.perform(.lowerThreshold)
        state.perform(.toggleCompare)
        #expect(state.compareVariant == .fc)
        #expect(StatusBar.text(state, tick: 0).contains("dh-ext vs fc"))
        let a = state.detections, b = state.compareDetections
        #expect(state.differences.filter { $0.a != nil }.count == a.count)
        #expect(state.differences.filter { $0.b != nil }.count == b.count)
        state.perform(.nextCompareVariant)
        #expect(state.compareVariant == .conv)
        state.perform(.toggleCompare)
        #expect(state.compareVariant == nil)
    }

    @Test func imagesWrapAroundAndAskForLoading() throws {
        var state = try Fixture.state()
        #expect(state.perform(.nextImage) == .loadImage)
        #expect(state.imageIndex == 1)
        #expect(state.analysis == nil)
        #expect(state.perform(.nextImage) == .loadImage)
        #expect(state.imageIndex == 0)
    }

    @Test func withoutGroundTruthTheKeySaysSo() throws {
        var state = try Fixture.state()
        state.perform(.toggleGroundTruth)
        #expect(!state.showGroundTruth)
        #expect(state.message?.contains("--gt") == true)
    }

    @Test func variantsDiffer() throws {
        func detections(_ json: String) throws -> [Detection] { try JSONDecoder().decode([Detection].self, from: Data(json.utf8)) }
        let a = try detections(#"[{"label": 0, "score": 0.9, "box": [0, 0, 10, 10], "roi": 0}, {"label": 1, "score": 0.5, "box": [0, 0, 10, 10], "roi": 1}]"#)
        let b = try detections(#"[{"label": 0, "score": 0.6, "box": [0, 0, 10, 10], "roi": 0}, {"label": 2, "score": 0.5, "box": [0, 0, 10, 10], "roi": 2}]"#)
        let kinds = VariantDifference.compare(a, b).map(\.kind)
        #expect(kinds == [.rescored, .onlyInA, .onlyInB])
    }

    @Test func zoomKeepsTheViewportInsideTheImage() {
        let v = ImageViewport(imageWidth: 200, imageHeight: 100, zoom: 4, centerX: 1, centerY: 0)
        #expect(v.width == 50 && v.height == 25)
        #expect(v.x == 150 && v.y == 0)
    }

    @Test func errorModeWithoutGroundTruthSaysWhatItNeeds() throws {
        var state = try Fixture.state()
        _ = state.perform(.toggleErrors)
        #expect(!state.errorMode && state.imageErrors == nil)
        #expect(state.message?.contains("error mode needs ground truth") == true, "\(state.message ?? "")")
        #expect(!StatusBar.text(state, tick: 0).contains("errors"))
        #expect(state.perform(.nextError) == nil && state.errorJump == nil)
        #expect(state.message?.contains("error mode needs ground truth") == true)
    }
}
