import Compute
import Detector
import Evaluation
import Foundation
import Inspection
import Rendering
import Testing
@testable import TUI

/// The dataset pane's sections, the confusion matrix's members, image orders and jumps by
/// error type, on a review of real tiny-model detections (``DatasetFixture``).
struct DatasetReviewStateTests {
    @Test func theNumbersSectionShowsEveryVariantsNumbers() throws {
        var state = try DatasetFixture.state()
        let review = try DatasetFixture.loaded.get().review
        state.perform(.toggleDatasetPane)
        let text = Fixture.text(Fixture.frame(state, columns: 80, rows: 24))
        #expect(text.contains("1 numbers"))
        for (n, name) in COCOStats.names.enumerated() {
            let line = try #require(text.split(separator: "\n").first { $0.split(separator: " ").first.map(String.init) == name })
            let shown = line.split(separator: " ").dropFirst().map(String.init)
            let expected = review.reviews.map { variant in
                let value = variant.evaluation.report.statsList[n]
                return value < 0 ? "-" : String(format: "%.3f", value)
            }
            #expect(shown == expected, "\(name)")
        }
        #expect(review.variants == state.variants)
    }

    /// The best value of a row is bold in the accent colour; the others are not.
    @Test func theBestOfEachRowIsHighlighted() throws {
        var state = try DatasetFixture.state()
        state.perform(.toggleDatasetPane)
        let chrome = Chrome(theme: .dark, mode: .truecolor)
        let frame = Screen.compose(state, columns: 80, rows: 24, chrome: chrome)
        let review = try DatasetFixture.loaded.get().review
        let ap = review.reviews.map { $0.evaluation.report.statsList[0] }
        let best = try #require(ap.max())
        let row = try #require((0..<frame.rows).first { frame.text(row: $0).hasPrefix(" AP ") })
        // Values as shown: ties at three decimals are all the best.
        let shownBest = String(format: "%.3f", best)
        for (n, value) in ap.enumerated() {
            // Each variant's column is 12 cells wide after the 8-cell name column, right-aligned.
            let cell = frame[1 + 8 + (n + 1) * 12 - 1, row]
            let isBest = String(format: "%.3f", value) == shownBest
            #expect(cell.scalar != " ")
            #expect(cell.attributes.contains(.bold) == isBest, "variant \(n)")
            #expect((cell.foreground == chrome.accent) == isBest, "variant \(n)")
        }
        #expect(ap.contains { String(format: "%.3f", $0) != shownBest }, "a row with a value that is not the best")
    }

    @Test func theTIDESectionShowsTheVariantsAndTheClassesOfTheCurrentOne() throws {
        var state = try DatasetFixture.state()
        let review = try DatasetFixture.loaded.get().review
        state.perform(.showSection(.tide))
        let text = Fixture.text(Fixture.frame(state, columns: 80, rows: 24))
        for (n, type) in TIDEErrorType.allCases.enumerated() {
            let expected = review.reviews.map { variant -> String in
                let entry = variant.evaluation.report.tide?[n]
                return String(format: "%.2f (%d)", entry?.deltaAP ?? -1, entry?.count ?? -1)
            }.joined(separator: " ")
            let line = try #require(text.split(separator: "\n").first { $0.hasPrefix(" \(type.shortName) ") })
            #expect(line.split(separator: " ").dropFirst().joined(separator: " ") == expected, "\(type)")
        }
        // Per class, the current variant's: the class cursor moves with j and stops at the last.
        let classTIDE = try #require(state.variantReview?.evaluation.classTIDE)
        let circle = try #require(text.split(separator: "\n").first { $0.hasPrefix(" circle ") })
        let loc = classTIDE[0].deltaAP[.loc] ?? -1
        #expect(circle.contains(String(format: "%.2f (%d)", loc, classTIDE[0].counts[.loc] ?? -1)), "\(circle)")
        state.perform(.nextRow)
        state.perform(.nextRow)
        state.perform(.nextRow)
        #expect(state.datasetPane?.classCursor == 2)
        state.perform(.firstRow)
        #expect(state.datasetPane?.classCursor == 0)
    }

    @Test func thePRCurvesSectionDrawsEveryVariantWithItsAP() throws {
        var state = try DatasetFixture.state()
        let review = try DatasetFixture.loaded.get().review
        state.perform(.showSection(.curves))
        var frame = Fixture.frame(state, columns: 80, rows: 24)
        var text = Fixture.text(frame)
        #expect(text.contains("circle · precision against recall · IoU 0.50:0.95"))
        for variant in review.reviews {
            #expect(text.contains(variant.variant.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)
                                  + String(format: "AP %.3f", variant.evaluation.curves.classes[0].ap)))
        }
        let braille = (0..<frame.rows).flatMap { row in (0..<frame.columns).map { frame[$0, row] } }
            .filter { $0.scalar.value > 0x2800 && $0.scalar.value <= 0x28FF }
        #expect(!braille.isEmpty)
        let chrome = Chrome(theme: .dark, mode: .truecolor)
        #expect(braille.contains { $0.foreground == chrome.color(VariantColors.color(of: .dhExt)) }, "the current variant on top")
        state.perform(.switchCurveIoU)
        frame = Fixture.frame(state, columns: 80, rows: 24)
        text = Fixture.text(frame)
        #expect(text.contains("IoU 0.50 (i: 0.50:0.95)"))
        #expect(text.contains(String(format: "AP %.3f", review.reviews[0].evaluation.curves.classes[0].ap50)))
        // square has no ground truth: no curve, said so.
        state.perform(.nextRow)
        #expect(Fixture.text(Fixture.frame(state, columns: 80, rows: 24)).contains("square has no ground truth: no curve"))
    }

    /// Arrows move the cell cursor within the matrix; Enter lists a cell's members; Enter on
    /// a member closes the pane and selects that detection, so the inspector explains it.
    @Test func aConfusionCellsMemberOpensItsDetection() throws {
        var state = try DatasetFixture.state()
        let fixture = try DatasetFixture.loaded.get()
        state.perform(.showSection(.confusion))
        let size = state.confusionSize
        #expect(size == 4, "three classes and background")
        for _ in 0..<6 { state.perform(.panRight) }
        #expect(state.datasetPane?.cellColumn == size - 1, "the cursor stops at the last column")
        state.perform(.panLeft)
        #expect(state.datasetPane?.cellColumn == size - 2)
        // circle (row 0) → triangle (column 2): detections of triangle on circles.
        let members = state.confusionMembers(try #require(state.datasetPane))
        let review = try #require(state.variantReview)
        #expect(members.count == review.evaluation.confusion.matrix[0][2] && !members.isEmpty)
        #expect(state.perform(.activate) == nil)
        #expect(state.datasetPane?.memberCursor == 0)
        let text = Fixture.text(Fixture.frame(state, columns: 80, rows: 24))
        #expect(text.contains("circle → triangle · \(members.count) under dh-ext"))
        #expect(text.contains("r0.png      triangle"))
        state.perform(.nextRow)
        let member = members[1]
        guard case .detection(let n) = member.target else {
            Issue.record("a detection was expected, not \(member)")
            return
        }
        let effect = state.perform(.activate)
        #expect(state.datasetPane == nil, "the pane closes")
        if member.image != state.imageIndex || effect == .loadImage {
            #expect(effect == .loadImage)
            try DatasetFixture.load(&state, image: member.image)
        }
        #expect(state.imageIndex == member.image)
        let selected = try #require(state.selectedRow)
        #expect(selected.detection == n)
        let detection = try #require(fixture.detections.detections(ofImage: member.image, variant: .dhExt)?[n])
        #expect(selected.roi == detection.roi && state.className(selected.label) == "triangle")
        #expect(Fixture.text(Fixture.frame(state)).contains("RoI \(detection.roi) of"), "the inspector shows its RoI")
    }

    /// The background column's members are missed objects: Enter shows the object and the
    /// inspector the RoI closest to it.
    @Test func aMissedObjectOpensWithItsClosestRoI() throws {
        var state = try DatasetFixture.state()
        state.perform(.showSection(.confusion))
        for _ in 0..<3 { state.perform(.panRight) }
        state.perform(.activate)
        let members = state.confusionMembers(try #require(state.datasetPane))
        let position = try #require(members.firstIndex(of: ReviewItem(image: 0, target: .object(2))),
                                    "the object nowhere near a detection is missed: \(members)")
        for _ in 0..<position { state.perform(.nextRow) }
        #expect(state.perform(.activate) == nil, "on the image shown")
        #expect(state.selectedMiss == 2)
        let object = state.groundTruthBoxes[2]
        let closest = try #require(state.closestRoI(to: object.box))
        let text = Fixture.text(Fixture.frame(state))
        #expect(text.contains("Missed circle · ground-truth object 3"))
        #expect(text.contains(String(format: "closest RoI %d, IoU %.3f; as circle:", closest.roi, closest.iou)))
        #expect(text.contains("RoI \(closest.roi) of"))
        #expect(ImagePane.overlays(state, theme: .dark).contains { $0.label == "missed circle" })
        state.perform(.nextRow)
        #expect(state.selectedMiss == nil, "moving in the list leaves the object")
    }

    @Test func escGoesBackFromTheMembersToTheMatrixThenCloses() throws {
        var state = try DatasetFixture.state()
        state.perform(.showSection(.confusion))
        state.perform(.activate)
        #expect(state.datasetPane?.memberCursor == 0)
        state.perform(.quit)
        #expect(state.datasetPane != nil && state.datasetPane?.memberCursor == nil)
        state.perform(.quit)
        #expect(state.datasetPane == nil)
    }

    /// `o` cycles the orders; `n` and `p` then walk the review's order; the status bar names it.
    @Test func imageOrdersChangeWhatNextMeans() throws {
        var state = try DatasetFixture.state()
        let review = try DatasetFixture.loaded.get().review
        #expect(state.imageOrder == .file && !StatusBar.text(state, tick: 0).contains("order"))
        // An order opens its first image: here the one with most errors.
        let sequence = review.imageOrder(.mostErrors, variant: .dhExt)
        let opens: Effect? = sequence.first == state.imageIndex ? nil : .loadImage
        #expect(state.perform(.cycleImageOrder) == opens)
        #expect(state.imageOrder == .mostErrors && state.imageIndex == sequence.first)
        let most = review[.dhExt]?.counts(ofImage: state.imageIndex)?.errors ?? -1
        #expect(StatusBar.text(state, tick: 0).contains("order: most errors (\(most) here)"))
        #expect(state.imageSequence == sequence)
        let errors = sequence.map { review[.dhExt]?.counts(ofImage: $0)?.errors ?? -1 }
        #expect(errors == errors.sorted(by: >), "\(errors)")
        let position = try #require(sequence.firstIndex(of: state.imageIndex))
        #expect(state.perform(.nextImage) == .loadImage)
        #expect(state.imageIndex == sequence[(position + 1) % sequence.count])
        state.perform(.cycleImageOrder)
        #expect(state.imageSequence == review.imageOrder(.lowestAP, variant: .dhExt))
        state.perform(.cycleImageOrder)
        #expect(state.imageOrder == .variantDifference && state.orderComparison == .fc)
        #expect(state.imageSequence == review.imageOrder(.variantDifference, variant: .dhExt, comparedWith: .fc))
        // The first picture has an AP under both; the third has no ground truth, so no AP.
        state.imageIndex = 0
        let here = String(format: "(%.3f vs %.3f here)", review[.dhExt]?.averagePrecision(ofImage: state.imageIndex) ?? -1,
                          review[.fc]?.averagePrecision(ofImage: state.imageIndex) ?? -1)
        #expect(StatusBar.text(state, tick: 0).contains("order: AP dh-ext vs fc " + here), "\(StatusBar.text(state, tick: 0))")
        state.imageIndex = 2
        #expect(StatusBar.text(state, tick: 0).hasSuffix("order: AP dh-ext vs fc"))
        state.perform(.toggleCompare)
        #expect(state.imageSequence == review.imageOrder(.variantDifference, variant: .dhExt, comparedWith: state.compareVariant))
        state.perform(.cycleImageOrder)
        #expect(state.imageOrder == .file && state.imageSequence == [0, 1, 2])
    }

    @Test func imageOrdersNeedTheReview() throws {
        var state = try DatasetPaneTests.stateWithTruth()
        state.perform(.cycleImageOrder)
        #expect(state.imageOrder == .file)
        #expect(state.message?.contains("image orders need the dataset review") == true)
        var bare = try Fixture.state()
        bare.perform(.cycleImageOrder)
        #expect(bare.message?.contains("need ground truth") == true)
    }

    /// `T` picks the kind; `]` then lands on errors of that kind only, across images, and a
    /// miss shows the missed object.
    @Test func jumpsByKindLandOnThatKind() throws {
        var state = try DatasetFixture.state()
        let review = try #require(try DatasetFixture.loaded.get().review[.dhExt])
        #expect(state.jumpKind == nil)
        state.perform(.cycleJumpKind)
        state.perform(.cycleJumpKind)
        #expect(state.jumpKind == .loc && StatusBar.text(state, tick: 0).contains("] [ to loc"))
        var visited: [Int] = []
        for _ in 0..<40 {
            let effect = state.perform(.nextError)
            if effect == .loadImage { try DatasetFixture.load(&state, image: state.imageIndex) }
            let n = try #require(state.selectedRow?.detection)
            #expect(review.imageErrors(ofImage: state.imageIndex)?.kinds[n] == .loc, "image \(state.imageIndex), detection \(n)")
            #expect(state.errorMode)
            visited.append(state.imageIndex)
            if visited.count > 1 && visited.last != visited[visited.count - 2] { break }
        }
        #expect(Set(visited) == [0, 1], "on through the images with loc errors: \(visited)")
        // Misses: the one missed object of the first picture.
        for _ in 0..<4 { state.perform(.cycleJumpKind) }
        #expect(state.jumpKind == .miss)
        let effect = state.perform(.nextError)
        if effect == .loadImage { try DatasetFixture.load(&state, image: state.imageIndex) }
        #expect(state.imageIndex == 0 && state.selectedMiss == 2)
        let misses = (0..<3).flatMap { image in (review.imageErrors(ofImage: image)?.misses ?? []).map { (image, $0) } }
        if misses.count == 1 {
            state.perform(.nextError)
            #expect(state.message?.contains("no other miss") == true, "\(state.message ?? "")")
            #expect(state.imageIndex == 0 && state.selectedMiss == 2)
        }
        // Backwards from the first picture's first bkg shown goes round to the last picture's
        // last one shown; those under the display threshold are skipped, as the list skips them.
        state.perform(.cycleJumpKind)
        for _ in 0..<5 { state.perform(.cycleJumpKind) }
        #expect(state.jumpKind == .bkg)
        let fixture = try DatasetFixture.loaded.get()
        func shownBkg(_ image: Int) throws -> [Int] {
            let kinds = try #require(review.imageErrors(ofImage: image)?.kinds)
            let scores = try #require(fixture.detections.detections(ofImage: image, variant: .dhExt)).map(\.score)
            return kinds.indices.filter { kinds[$0] == .bkg && scores[$0] >= state.displayThreshold }
        }
        state.perform(.nextError)
        #expect(state.imageIndex == 0)
        #expect(state.selectedRow?.detection == (try shownBkg(0)).first)
        #expect(state.perform(.previousError) == .loadImage)
        try DatasetFixture.load(&state, image: state.imageIndex)
        #expect(state.imageIndex == 2)
        let last = try #require(try shownBkg(2).last)
        #expect(state.selectedRow?.detection == last)
        let all = try #require(review.imageErrors(ofImage: 2)?.kinds).lastIndex(of: .bkg)
        #expect(all != last, "a bkg under the display threshold was skipped")
        #expect(state.displayThreshold == AppState.defaultDisplayThreshold)
    }

    /// Before the review, `]` walks the list as before but only over errors of the kind.
    @Test func withoutTheReviewTheWalkHonoursTheKind() throws {
        var state = try DatasetFixture.state()
        state.datasetReview = nil
        state.perform(.cycleJumpKind)
        #expect(state.jumpKind == .cls)
        state.perform(.nextError)
        #expect(state.errorMode && state.selectedRow?.error == .cls)
        let first = state.cursor
        state.perform(.nextError)
        if state.imageIndex == 0 {
            #expect(state.cursor > first && state.selectedRow?.error == .cls)
        }
        for _ in 0..<5 { state.perform(.cycleJumpKind) }
        #expect(state.jumpKind == .miss)
        #expect(state.perform(.nextError) == nil)
        #expect(state.message?.contains("jumping to misses needs the dataset review") == true)
    }
}
