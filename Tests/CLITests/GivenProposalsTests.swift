import Foundation
import TestSupport
import Testing

/// `inspect --proposals`: boxes partly outside the image are clipped to it (as mmdetection
/// clips the RPN's proposals), with a warning naming the box; inverted, empty and entirely
/// off-image boxes are refused, naming the box.
struct GivenProposalsTests {
    static let model = DetectorCommandTests.model
    static let image = RepositoryFiles.path(SharedFixtures.baselineImage)  // 64x48

    func inspect(_ boxes: String) throws -> CLIRunner.Result {
        let folder = try TemporaryFolder()
        let path = try folder.write(boxes, to: "proposals.json")
        return try CLIRunner.run(["inspect", Self.image, "--model", Self.model, "--proposals", path, "--json"])
    }

    @Test func invalidBoxesAreRefusedByNumber() throws {
        let cases: [(String, String)] = [
            ("[[10, 10, 30, 30], [100, 100, 50, 150]]", "box 1 [100, 100, 50, 150]"),
            ("[[10, 10, 10, 10]]", "box 0 [10, 10, 10, 10]"),
            ("[[10, 10, 30, 30], [10, 10, 30, 30], [200, 200, 260, 240]]", "box 2 [200, 200, 260, 240]"),
            ("[[-50, -40, -10, -5]]", "box 0 [-50, -40, -10, -5]"),
        ]
        for (boxes, needle) in cases {
            let r = try inspect(boxes)
            #expect(r.status != 0, "\(boxes) must be refused; stdout: \(r.stdout.prefix(200))")
            #expect(r.stderr.contains(needle), "\(boxes): \(r.stderr)")
            #expect(r.stdout.isEmpty)
        }
    }

    @Test func boxesPartlyOutsideAreClippedWithAWarning() throws {
        let r = try inspect("[[10, 10, 30, 30], [-8, 20, 40, 60]]")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("box 1 [-8, 20, 40, 60]") && r.stderr.contains("clipped to [0, 20, 40, 48]"), "\(r.stderr)")
        let rois = try JSON.object(r.stdout)["rois"] as? [[String: Any]] ?? []
        #expect(rois.count == 2)
        func close(_ a: [Double]?, _ b: [Double]) -> Bool {
            guard let a, a.count == b.count else { return false }
            return zip(a, b).allSatisfy { abs($0 - $1) < 1e-3 }
        }
        #expect(close(rois.last?["proposal"] as? [Double], [0, 20, 40, 48]), "\(String(describing: rois.last?["proposal"]))")
        #expect(close(rois.first?["proposal"] as? [Double], [10, 10, 30, 30]))
    }
}
