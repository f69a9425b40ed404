import Compute
import Detector
import Foundation
import Imaging
import Rendering
import Testing
@testable import TUI

/// The split view (`M`): two models' detections matched by class name, the selection linked
/// across, the narrow fallback, and the other model's heads on this one's proposals.
@Suite(.serialized)
struct SplitViewTests {
    // MARK: matching by class name

    static func detection(_ label: Int, _ score: Float, _ x1: Float, _ y1: Float, _ x2: Float, _ y2: Float, roi: Int = 0) -> Detection {
        Detection(label: label, score: score, box: Box(x1: x1, y1: y1, x2: x2, y2: y2), roi: roi)
    }

    @Test func modelsAreMatchedByClassNameNotLabel() {
        // A's classes and B's in different orders; B has no triangle, A no person.
        let namesA = ["circle", "square", "triangle"], namesB = ["square", "circle", "person"]
        let a = [Self.detection(0, 0.9, 0, 0, 10, 10), Self.detection(1, 0.8, 20, 20, 30, 30), Self.detection(2, 0.7, 50, 50, 60, 60)]
        let b = [Self.detection(1, 0.6, 0, 0, 10, 10),      // circle, same box, score 0.9 -> 0.6: re-scored
                 Self.detection(0, 0.8, 21, 20, 31, 30),    // square, IoU 90/110 = 0.82: moved
                 Self.detection(2, 0.7, 50, 50, 60, 60)]    // person where A saw a triangle
        let d = VariantDifference.compare(a, classNames: namesA, b, classNames: namesB)
        #expect(d.map(\.kind) == [.rescored, .moved, .onlyInA, .onlyInB])
        #expect(d[0].b == b[0] && d[1].b == b[1] && d[2].b == nil && d[3].b == b[2])
        // By label alone (one model's classes) the circle would meet B's square-labelled box.
        #expect(VariantDifference.compare(a, b).map(\.kind) != d.map(\.kind))
    }

    @Test func theHigherScoreTakesTheMatchFirst() {
        let names = ["circle"]
        // Both of A's circles overlap B's one; the weaker is listed first but the stronger wins.
        let a = [Self.detection(0, 0.4, 0, 0, 10, 10), Self.detection(0, 0.9, 1, 0, 11, 10)]
        let b = [Self.detection(0, 0.85, 0, 0, 10, 10)]
        let d = VariantDifference.compare(a, classNames: names, b, classNames: names)
        #expect(d.map(\.kind) == [.moved, .onlyInA])
        #expect(d[0].a == a[1] && d[1].a == a[0])
    }

    @Test func sameAndRescoredFollowTheVariantCompareThresholds() {
        let names = ["circle"]
        let a = [Self.detection(0, 0.90, 0, 0, 100, 100), Self.detection(0, 0.50, 200, 0, 300, 100)]
        let b = [Self.detection(0, 0.87, 0, 0, 100, 100), Self.detection(0, 0.80, 200, 0, 300, 100)]
        #expect(VariantDifference.compare(a, classNames: names, b, classNames: names).map(\.kind) == [.same, .rescored])
    }

    // MARK: two tiny models in one state

    /// A second tiny model: other widths (so other formula weights and other detections), the
    /// classes in another order, optionally another input size.
    static func secondConfig(scale: [Int] = [128, 96]) -> ModelConfig {
        var c = TinyModel.config
        c.fcOutChannels = 48
        c.convOutChannels = 24
        c.classNames = ["triangle", "circle", "square"]
        c.testScale = scale
        return c
    }

    struct Pair {
        var a: AppState
        var b: AppState
        var analysisB: RawAnalysis
        var detectorB: DoubleHeadDetector
        var picture: RGBImage
    }

    static func pair(scale: [Int] = [128, 96]) throws -> Pair {
        let loaded = try Fixture.loaded.get()
        var a = loaded.state
        a.setModel(index: 0, of: 2)
        let configB = secondConfig(scale: scale)
        let detectorB = try DoubleHeadDetector(config: configB, weights: FormulaWeights(config: configB))
        let picture = try ImageDecoder().decodeRGB(contentsOf: loaded.imagePath)
        let analysisB = try detectorB.analyze(picture)
        var b = AppState(imagePaths: a.imagePaths, modelName: "tiny-b", config: configB)
        b.setModel(index: 1, of: 2)
        b.terminalSize = (160, 48)
        b.setPicture(.ready(picture))
        b.apply(.finished(analysisB, cached: false))
        return Pair(a: a, b: b, analysisB: analysisB, detectorB: detectorB, picture: picture)
    }

    /// `state` split with `other` beside it, `other`'s analysis arrived.
    static func split(_ state: AppState, with other: AppState, analysis: RawAnalysis) -> AppState {
        var s = state
        #expect(s.perform(.toggleSplit) == .showPartner)
        s.setPartner(PartnerModel(of: other))
        s.applyPartner(.finished(analysis, cached: false))
        return s
    }

    @Test func theSplitNeedsTwoModels() throws {
        var state = try Fixture.state()
        #expect(state.perform(.toggleSplit) == nil)
        #expect(!state.splitModels)
        #expect(state.message?.contains("--model A --model B") == true)
        #expect(KeyMap.action(for: .character("M")) == .toggleSplit)
        #expect(KeyMap.bindings.contains { $0.action == .toggleSplit && $0.keys == "M" })
    }

    @Test func splitTogglesAndMarksTheListByTheOtherModel() throws {
        let p = try Self.pair()
        #expect(!p.a.detections.isEmpty && !p.b.detections.isEmpty)
        var s = Self.split(p.a, with: p.b, analysis: p.analysisB)
        #expect(s.isSplit && s.currentIsLeft)
        #expect(s.partnerDetections == p.b.shownDetections, "the partner's detections are its own, under its variant")
        // Every pair is of one class name and overlaps by at least 0.5; nothing left over
        // could have been paired.
        for d in s.modelDifferences {
            if let a = d.a, let b = d.b {
                #expect(s.className(a.label) == p.b.className(b.label))
                #expect(iou(a.box, b.box) >= 0.5)
            }
        }
        let leftA = s.modelDifferences.filter { $0.kind == .onlyInA }.compactMap(\.a)
        let leftB = s.modelDifferences.filter { $0.kind == .onlyInB }.compactMap(\.b)
        for a in leftA {
            #expect(!leftB.contains { p.b.className($0.label) == s.className(a.label) && iou($0.box, a.box) >= 0.5 })
        }
        #expect(s.modelDifferences.compactMap(\.a).count == p.a.shownDetections.count)
        #expect(s.modelDifferences.compactMap(\.b).count == p.b.shownDetections.count)
        // The list: this model's detections, each with its mark.
        #expect(s.rows.count == p.a.shownDetections.count)
        for row in s.rows {
            let n = try #require(row.detection)
            #expect(row.difference == s.modelDifference(of: s.detections[n])?.kind)
        }
        #expect(s.perform(.toggleSplit) == nil)
        #expect(!s.isSplit && s.partner == nil && s.modelDifferences.isEmpty)
        #expect(s.rows.allSatisfy { $0.difference == nil })
    }

    @Test func aNarrowTerminalShowsOneModelWithAMessage() throws {
        let p = try Self.pair()
        var a = p.a
        a.terminalSize = (90, 30)
        var s = Self.split(a, with: p.b, analysis: p.analysisB)
        #expect(s.splitModels && !s.isSplit)
        #expect(s.message?.contains("split needs \(Layout.minimumSplitColumns) columns") == true)
        #expect(s.rows.allSatisfy { $0.difference == nil })
        let narrow = Fixture.text(Fixture.frame(s, columns: 90, rows: 30))
        #expect(narrow.contains("too narrow to split"))
        #expect(!narrow.contains("▶A "))
        // Wider, the split shows (the terminal's size alone brings it back).
        s.terminalSize = (160, 48)
        #expect(s.isSplit)
        #expect(s.rows.contains { $0.difference != nil })
        let wide = Fixture.text(Fixture.frame(s))
        #expect(wide.contains("▶A tiny-dh") && wide.contains(" B tiny-b"))
        #expect(Layout(columns: Layout.minimumSplitColumns, rows: 24).fitsSplit)
        #expect(!Layout(columns: Layout.minimumSplitColumns - 1, rows: 24).fitsSplit)
    }

    @Test func selectingADetectionSelectsItsMatchOnTheOtherSide() throws {
        let p = try Self.pair()
        var s = Self.split(p.a, with: p.b, analysis: p.analysisB)
        let matched = try #require(s.rows.firstIndex { $0.difference != nil && $0.difference != .onlyInA },
                                   "the two tiny models must share a detection for the test")
        while s.cursor < matched { s.perform(.nextRow) }
        let selected = try #require(s.selectedDetection)
        let linked = try #require(s.linkedDetection)
        let difference = try #require(s.modelDifference(of: selected))
        #expect(difference.b == linked)
        // Both halves highlight it: the other half draws the linked box in the selected style.
        let boxes = ImagePane.partnerSplitOverlays(s, theme: .dark)
        #expect(boxes.contains { $0.style == .selected && $0.x1 == Double(linked.box.x1) && $0.y2 == Double(linked.box.y2) })
        // A detection only this model has links to nothing.
        if let lonely = s.rows.firstIndex(where: { $0.difference == .onlyInA }) {
            s.perform(.firstRow)
            while s.cursor < lonely { s.perform(.nextRow) }
            #expect(s.linkedDetection == nil)
        }
        // After m, the other model selects the linked detection once its analysis arrives.
        s.perform(.firstRow)
        for _ in 0..<matched { s.perform(.nextRow) }
        #expect(s.linkedDetection == linked)
        var b = p.b
        b.adoptView(of: s)
        #expect(b.splitModels)
        #expect(b.pendingDetection == linked)
        b.apply(.finished(p.analysisB, cached: true))
        #expect(b.selectedDetection == linked)
    }

    @Test func aClickOnTheOtherHalfSelectsTheLinkedDetection() throws {
        let p = try Self.pair()
        var s = Self.split(p.a, with: p.b, analysis: p.analysisB)
        let pair = try #require(s.modelDifferences.first { $0.a != nil && $0.b != nil && $0.a != s.selectedDetection })
        let target = try #require(pair.b)
        // The screen cell over the middle of B's box, in the right half.
        let layout = Layout(columns: 160, rows: 48)
        let placement = try #require(ImagePane.placement(state: s, in: layout.imageHalves.right))
        let v = placement.viewport
        let fx = (Double(target.box.x1 + target.box.x2) / 2 - v.x) / v.width
        let fy = (Double(target.box.y1 + target.box.y2) / 2 - v.y) / v.height
        let column = placement.cells.x + Int(fx * Double(placement.cells.width))
        let row = placement.cells.y + Int(fy * Double(placement.cells.height))
        s.perform(.click(column: column, row: row))
        // The smallest of B's boxes under the pointer may be another; its match is selected.
        let (x, y) = (Float(v.x + (Double(column - placement.cells.x) + 0.5) / Double(placement.cells.width) * v.width),
                      Float(v.y + (Double(row - placement.cells.y) + 0.5) / Double(placement.cells.height) * v.height))
        let hit = try #require(s.partnerDetections.filter { $0.box.x1 <= x && x <= $0.box.x2 && $0.box.y1 <= y && y <= $0.box.y2 }
            .min { $0.box.area < $1.box.area })
        let mine = s.modelDifferences.first { $0.b == hit }?.a
        if let mine {
            #expect(s.selectedDetection == mine)
            #expect(s.linkedDetection == hit)
        } else {
            #expect(s.message?.contains("only tiny-b has this one") == true)
        }
    }

    @Test func theOtherModelsHeadsRunOnThisModelsProposal() throws {
        let p = try Self.pair()
        var s = Self.split(p.a, with: p.b, analysis: p.analysisB)
        let request = s.partnerHeadsRequest()
        let proposals = try #require(request)
        #expect(proposals == s.analysis?.proposals)
        #expect(s.partnerHeadsRequest() == nil, "asked once per image")
        let given = try p.detectorB.analyze(p.picture, givenProposals: proposals)
        s.applyPartnerHeads(.finished(given, cached: false))
        let row = try #require(s.selectedRow)
        let name = s.className(row.label)
        let record = try #require(s.partnerRecord(roi: row.roi, className: name))
        #expect(record.className == name, "the other model's scores and deltas for the same class name")
        // Independent of the batch: B's heads on this one proposal alone.
        let alone = try p.detectorB.analyze(p.picture, givenProposals: [proposals[row.roi]])
        let labelB = try #require(p.b.classNames.firstIndex(of: name))
        let expected = alone.fcScores(roi: 0)
        for (x, y) in zip(record.fcTop, record.fcTop.map { expected[expected.startIndex + $0.label] }) {
            #expect(abs(x.score - y) < 1e-4)
        }
        let deltas = try #require(alone.convDeltas(roi: 0))
        let conv = try #require(record.conv)
        for k in 0..<4 { #expect(abs(conv.raw[k] - deltas[deltas.startIndex + labelB * 4 + k]) < 1e-4) }
        let text = Fixture.text(Fixture.frame(s))
        #expect(text.contains("B tiny-b · dh-ext"))
        #expect(text.contains("the same proposal through both heads"))
    }

    @Test func theInspectorSaysWhyHeadsCannotRunAcrossInputSizes() throws {
        let p = try Self.pair(scale: [96, 64])
        var s = Self.split(p.a, with: p.b, analysis: p.analysisB)
        #expect(s.partnerHeadsRequest() == nil)
        guard case .unavailable(let reason)? = s.partner?.heads else {
            Issue.record("expected the heads to be unavailable")
            return
        }
        #expect(reason.contains("resizes this image to \(p.analysisB.resizedWidth)×\(p.analysisB.resizedHeight)"))
        let text = Fixture.text(Fixture.frame(s))
        #expect(text.contains("cannot run its heads on"))
    }

    @Test func theInspectorSaysWhyHeadsCannotRunAcrossConventions() throws {
        let p = try Self.pair()
        let b = p.analysisB
        // B as a torchvision model would analyse the image: the same size, other rules.
        let torchvision = RawAnalysis(imageWidth: b.imageWidth, imageHeight: b.imageHeight, resizedWidth: b.resizedWidth,
                                      resizedHeight: b.resizedHeight, scaleX: b.scaleX, scaleY: b.scaleY, numClasses: b.numClasses,
                                      regressionClasses: b.regressionClasses, targetStds: b.targetStds, targetMeans: b.targetMeans,
                                      convention: .torchvision, proposals: b.proposals, resizedProposals: b.resizedProposals,
                                      objectness: b.objectness, proposalLevels: b.proposalLevels, roiLevels: b.roiLevels,
                                      fcScores: b.fcScores, convDeltas: b.convDeltas, convScores: b.convScores,
                                      fcDeltas: b.fcDeltas, timings: [])
        var s = Self.split(p.a, with: p.b, analysis: torchvision)
        #expect(s.partnerHeadsRequest() == nil)
        guard case .unavailable(let reason)? = s.partner?.heads else {
            Issue.record("expected the heads to be unavailable")
            return
        }
        #expect(reason.contains("tiny-b follows torchvision's inference rules, tiny-dh mmdetection's"))
    }

    @Test func theInspectorSaysWhenTheOtherModelFailed() throws {
        let p = try Self.pair()
        var s = p.a
        s.perform(.toggleSplit)
        s.setPartner(PartnerModel(of: p.b))
        s.applyPartner(.failed(TerminalTestError("cannot read the image")))
        #expect(s.partnerHeadsRequest() == nil)
        guard case .unavailable(let reason)? = s.partner?.heads else {
            Issue.record("expected the heads to be unavailable")
            return
        }
        #expect(reason == "tiny-b could not analyse this image")
        let text = Fixture.text(Fixture.frame(s))
        #expect(text.contains("tiny-b failed on this image: cannot read the"), "the half says so (wrapped)")
        #expect(text.contains("tiny-b could not analyse"), "and the inspector")
    }
}
