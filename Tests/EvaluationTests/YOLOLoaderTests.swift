import Compute
import Foundation
import TestSupport
import Evaluation
import Testing

@Suite struct YOLOLoaderTests {
    @Test func normalisedCentresBecomePixelCorners() throws {
        let dir = try temporaryDirectory()
        try write("cat\ndog\n", to: "classes.txt", in: dir)
        try write("1 0.5 0.5 0.25 0.5\n\n0 0.1 0.2 0.2 0.4\n", to: "a.txt", in: dir)
        try write("0 0.5 0.5 1 1\n", to: "orphan.txt", in: dir)
        let gt = try YOLOLoader.load(directory: dir.path, imageSizes: ["a.jpg": (400, 200), "b.png": (10, 10)])
        #expect(gt.classNames == ["cat", "dog"])
        let a = try #require(gt.image(forFileAt: "images/a.jpg"))
        #expect(a.objects == [
            GroundTruthObject(className: "dog", box: Box(x1: 150, y1: 50, x2: 250, y2: 150)),
            GroundTruthObject(className: "cat", box: Box(x1: 0, y1: 0, x2: 80, y2: 80)),
        ])
        #expect(gt.image(forFileAt: "b.png")?.objects.isEmpty == true)  // no label file: no objects
        #expect(gt.warnings.count == 1 && gt.warnings[0].contains("orphan.txt"))
    }

    @Test func badLinesNameFileAndLine() {
        let names = ["cat"]
        #expect(throws: EvaluationError.malformedLine(path: "l.txt", line: 2, reason: "expected 5 fields \"class cx cy w h\", found 4")) {
            _ = try YOLOLoader.parse("0 0.5 0.5 0.1 0.1\n0 0.5 0.5 0.1\n", path: "l.txt", classNames: names, width: 10, height: 10)
        }
        #expect {
            _ = try YOLOLoader.parse("3 0.5 0.5 0.1 0.1", path: "l.txt", classNames: names, width: 10, height: 10)
        } throws: { "\($0)".contains("l.txt:1: class \"3\"") }
        #expect {
            _ = try YOLOLoader.parse("0 120 80 30 20", path: "l.txt", classNames: names, width: 10, height: 10)
        } throws: { "\($0)".contains("look like pixels") }
        #expect {
            _ = try YOLOLoader.parse("0 0.5 0.5 -0.1 0.1", path: "l.txt", classNames: names, width: 10, height: 10)
        } throws: { "\($0)".contains("negative box size") }
    }

    @Test func missingClassNamesSaysWhatToProvide() throws {
        let dir = try temporaryDirectory()
        try write("0 0.5 0.5 0.1 0.1", to: "a.txt", in: dir)
        #expect {
            _ = try YOLOLoader.load(directory: dir.path, imageSizes: ["a.jpg": (10, 10)])
        } throws: { "\($0)".contains("classes.txt") }
        // Given explicitly, no classes.txt is needed.
        let gt = try YOLOLoader.load(directory: dir.path, classNames: ["x"], imageSizes: ["a.jpg": (10, 10)])
        #expect(gt.images[0].objects.count == 1)
    }
}
