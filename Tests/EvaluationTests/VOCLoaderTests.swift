import Compute
import Foundation
import TestSupport
import Evaluation
import Testing

private let document = """
<annotation>
  <folder>VOC2007</folder>
  <filename>000005.jpg</filename>
  <size><width>500</width><height>375</height><depth>3</depth></size>
  <object>
    <name>chair</name><pose>Rear</pose><truncated>0</truncated><difficult>0</difficult>
    <bndbox><xmin>263</xmin><ymin>211</ymin><xmax>324</xmax><ymax>339</ymax></bndbox>
  </object>
  <object>
    <name>dog</name><difficult>1</difficult>
    <bndbox><xmin>1</xmin><ymin>1</ymin><xmax>1</xmax><ymax>10.5</ymax></bndbox>
    <part><name>head</name><bndbox><xmin>2</xmin><ymin>2</ymin><xmax>3</xmax><ymax>3</ymax></bndbox></part>
  </object>
</annotation>
"""

@Suite struct VOCLoaderTests {
    @Test func oneBasedInclusiveCornersBecomeContinuousSpans() throws {
        let image = try VOCLoader.parse(Data(document.utf8), path: "000005.xml")
        #expect(image.fileName == "000005.jpg")
        #expect(image.width == 500 && image.height == 375)
        #expect(image.objects.count == 2)  // the <part> is not an object
        #expect(image.objects[0] == GroundTruthObject(className: "chair", box: Box(x1: 262, y1: 210, x2: 324, y2: 339)))
        // A one-pixel-wide box (xmin == xmax) is 1 wide.
        #expect(image.objects[1].box == Box(x1: 0, y1: 0, x2: 1, y2: 10.5))
        #expect(image.objects[1].isDifficult)
    }

    @Test func folderLoadMatchesByFileName() throws {
        let dir = try temporaryDirectory()
        try write(document, to: "000005.xml", in: dir)
        try write(document.replacingOccurrences(of: "000005.jpg", with: "000007.jpg"), to: "000007.xml", in: dir)
        let gt = try GroundTruth.load(contentsOf: dir.path)
        #expect(gt.images.count == 2)
        #expect(gt.classNames == ["chair", "dog"])
        #expect(gt.image(forFileAt: "/data/JPEGImages/000007.jpg")?.objects.count == 2)
        #expect(gt.image(forFileAt: "000009.jpg") == nil)
        let coco = gt.cocoDataset()
        #expect(coco.annotations.count == 4)
        #expect(coco.annotations.filter(\.isCrowd).count == 2)  // difficult objects are ignored regions
    }

    /// The fuzzing corpus's VOC files, read by hand: the annotations they hold.
    @Test func corpusFilesParseToTheirAnnotations() throws {
        let corpus = RepositoryFiles.url("Fuzz/Corpus/gt-voc")
        let a = try VOCLoader.parse(Data(contentsOf: corpus.appendingPathComponent("a.xml")), path: "a.xml")
        #expect(a == GroundTruthImage(fileName: "a.jpg", width: 64, height: 48, objects: [
            GroundTruthObject(className: "circle", box: Box(x1: 2, y1: 3, x2: 30, y2: 20)),
            GroundTruthObject(className: "square", box: Box(x1: 9.5, y1: 0, x2: 64, y2: 48), isDifficult: true),
        ]))
        let empty = try VOCLoader.parse(Data(contentsOf: corpus.appendingPathComponent("empty.xml")), path: "empty.xml")
        #expect(empty == GroundTruthImage(fileName: "b.png", width: 10, height: 10, objects: []))
    }

    @Test func malformedXMLNamesTheFileAndLine() {
        #expect {
            _ = try VOCLoader.parse(Data("<annotation><filename>a.jpg</filename>\n<size><width>1</wi".utf8), path: "bad.xml")
        } throws: { error in
            guard case let EvaluationError.malformedXML(path, reason) = error else { return false }
            return path == "bad.xml" && reason.contains("line")
        }
    }

    @Test func missingPiecesAndNegativeSizesAreTypedErrors() {
        let noName = document.replacingOccurrences(of: "<name>chair</name>", with: "")
        #expect(throws: EvaluationError.malformedXML(path: "x.xml", reason: "<object> 1 has no <name>")) {
            _ = try VOCLoader.parse(Data(noName.utf8), path: "x.xml")
        }
        let inverted = document.replacingOccurrences(of: "<xmax>324</xmax>", with: "<xmax>200</xmax>")
        #expect {
            _ = try VOCLoader.parse(Data(inverted.utf8), path: "x.xml")
        } throws: { error in
            guard case EvaluationError.invalidValue = error else { return false }
            return "\(error)".contains("negative size")
        }
        let negative = document.replacingOccurrences(of: "<width>500</width>", with: "<width>-5</width>")
        #expect {
            _ = try VOCLoader.parse(Data(negative.utf8), path: "x.xml")
        } throws: { error in
            guard case EvaluationError.invalidValue = error else { return false }
            return true
        }
        let noFile = document.replacingOccurrences(of: "<filename>000005.jpg</filename>", with: "")
        #expect(throws: EvaluationError.malformedXML(path: "x.xml", reason: "no <filename>")) {
            _ = try VOCLoader.parse(Data(noFile.utf8), path: "x.xml")
        }
    }
}
