import Compute
import Detector
import Foundation
import Evaluation
import Inspection
import Testing

/// Detections become COCO results with the dataset's ids: images by file name, categories
/// by class name through ClassMapping (exact, then normalised).
struct COCOResultMappingTests {
    let dataset = COCODataset(
        images: [COCOImage(id: 42, fileName: "train/a.jpg", width: 100, height: 80),
                 COCOImage(id: 7, fileName: "b.png", width: 100, height: 80)],
        annotations: [],
        categories: [COCOCategory(id: 3, name: "Traffic_Light"), COCOCategory(id: 9, name: "person")])

    @Test func idsComeFromTheDataset() {
        let mapping = COCOResultMapping(dataset: dataset, modelClassNames: ["person", "bicycle", "traffic light"])
        #expect(mapping.imageID(forFileAt: "/some/folder/a.jpg") == 42)
        #expect(mapping.imageID(forFileAt: "b.png") == 7)
        #expect(mapping.imageID(forFileAt: "c.png") == nil)
        let detections = [
            Detection(label: 2, score: 0.9, box: Box(x1: 10, y1: 20, x2: 30.5, y2: 60), roi: 4),
            Detection(label: 1, score: 0.8, box: Box(x1: 0, y1: 0, x2: 5, y2: 5), roi: 5),
            Detection(label: 0, score: 0.5, box: Box(x1: 1, y1: 2, x2: 3, y2: 4), roi: 6),
        ]
        let results = mapping.results(detections, imageID: 42)
        // The bicycle has no category and is left out; the traffic light matches after normalising.
        #expect(results == [
            COCODetection(imageID: 42, categoryID: 3, bbox: COCOBox(x: 10, y: 20, width: 20.5, height: 40), score: Double(Float(0.9))),
            COCODetection(imageID: 42, categoryID: 9, bbox: COCOBox(x: 1, y: 2, width: 2, height: 2), score: Double(Float(0.5))),
        ])
        #expect(mapping.classes.unmappedModelNames == ["bicycle"])
    }

    @Test func theResultsFileRoundTrips() throws {
        let results = [COCODetection(imageID: 42, categoryID: 3, bbox: COCOBox(x: 10, y: 20, width: 20.5, height: 40), score: 0.25)]
        let data = try COCOResults.encode(results)
        #expect(String(decoding: data, as: UTF8.self) == #"[{"bbox":[10,20,20.5,40],"category_id":3,"image_id":42,"score":0.25}]"#)
        let full = COCODataset(images: dataset.images, annotations: [], categories: dataset.categories)
        #expect(try COCOResults.decode(data, path: "r.json", groundTruth: full) == results)
    }

    @Test func filesTheGroundTruthDoesNotListAreSetApartWithAWarningEach() {
        let truth = GroundTruth(coco: dataset)
        let selection = truth.select(["x/a.jpg", "x/c.png", "b.png", "d.jpg"])
        #expect(selection.listed == ["x/a.jpg", "b.png"])
        #expect(selection.unlisted == ["x/c.png", "d.jpg"])
        let warnings = selection.warnings(source: "gt.json")
        #expect(warnings.count == 2)
        #expect(warnings[0] == "x/c.png: not in gt.json (images are matched by file name); skipped")
    }
}
