import Compute
import Foundation
import Evaluation
import Inspection
import TestSupport
import Testing

/// Given proposals: clipped to the image like mmdetection's RPN proposals, or refused by number.
struct GivenProposalsCheckTests {
    func prepared(_ boxes: [Box]) throws(EvaluationError) -> GivenProposals {
        try GivenProposals(boxes, imageWidth: 64, imageHeight: 48, path: "p.json")
    }

    @Test func boxesInsideAreKeptAndBoxesReachingOutAreClipped() throws {
        let given = try prepared([Box(x1: 10, y1: 10, x2: 30, y2: 30), Box(x1: -8, y1: 20, x2: 40, y2: 60),
                                  Box(x1: 0, y1: 0, x2: 64, y2: 48)])
        #expect(given.boxes == [Box(x1: 10, y1: 10, x2: 30, y2: 30), Box(x1: 0, y1: 20, x2: 40, y2: 48),
                                Box(x1: 0, y1: 0, x2: 64, y2: 48)])
        #expect(given.warnings == ["p.json: box 1 [-8, 20, 40, 60] reaches outside the 64x48 image; clipped to [0, 20, 40, 48], as mmdetection clips the RPN's proposals"])
    }

    @Test func invalidBoxesAreRefusedByNumber() {
        let cases: [(Box, String)] = [
            (Box(x1: 100, y1: 100, x2: 50, y2: 150), "box 1 [100, 100, 50, 150]: is inverted"),
            (Box(x1: 10, y1: 10, x2: 10, y2: 10), "box 1 [10, 10, 10, 10]: has no area"),
            (Box(x1: 5, y1: 9, x2: 20, y2: 9), "box 1 [5, 9, 20, 9]: has no area"),
            (Box(x1: 200, y1: 200, x2: 260, y2: 240), "box 1 [200, 200, 260, 240]: lies entirely outside the 64x48 image"),
            (Box(x1: 64, y1: 0, x2: 80, y2: 10), "box 1 [64, 0, 80, 10]: lies entirely outside"),
        ]
        for (box, message) in cases {
            do {
                _ = try prepared([Box(x1: 1, y1: 1, x2: 5, y2: 5), box])
                Issue.record("\(box) was accepted")
            } catch {
                #expect(error.description.hasPrefix("p.json: " + message), "\(error.description)")
            }
        }
    }

    /// A plain list of boxes, or a `render --boxes` file: the same boxes.
    @Test func bothFileFormatsAreRead() throws {
        let folder = try TemporaryFolder("dhscope-proposals")
        let dir = folder.url
        let plain = dir.appendingPathComponent("plain.json"), objects = dir.appendingPathComponent("objects.json")
        try Data("[[1, 2, 30, 40], [5.5, 6, 7, 8]]".utf8).write(to: plain)
        try Data(#"[{"box": [1, 2, 30, 40], "label": "a", "score": 0.9}, {"box": [5.5, 6, 7, 8], "style": "proposal"}]"#.utf8).write(to: objects)
        let expected = [Box(x1: 1, y1: 2, x2: 30, y2: 40), Box(x1: 5.5, y1: 6, x2: 7, y2: 8)]
        #expect(try GivenProposals.load(contentsOf: plain.path) == expected)
        #expect(try GivenProposals.load(contentsOf: objects.path) == expected)
        try Data(#"{"boxes": []}"#.utf8).write(to: plain)
        #expect(throws: EvaluationError.self) { try GivenProposals.load(contentsOf: plain.path) }
        try Data("[[1, 2, 3]]".utf8).write(to: plain)
        do {
            _ = try GivenProposals.load(contentsOf: plain.path)
            Issue.record("three numbers were accepted")
        } catch {
            #expect(error.description.contains("box 0"), "\(error.description)")
        }
    }
}
