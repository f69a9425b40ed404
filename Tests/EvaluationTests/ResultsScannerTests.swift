import Foundation
import Evaluation
import Testing

@Suite struct ResultsScannerTests {
    private let gt = COCODataset(
        images: [COCOImage(id: 1, fileName: "a.jpg", width: 10, height: 10), COCOImage(id: 42, fileName: "b.jpg", width: 10, height: 10)],
        annotations: [], categories: [COCOCategory(id: 3, name: "cat")])

    @Test func fastPathAgreesWithJSONDecoderBitForBit() throws {
        for name in ["random_mix", "many_dets", "crowd"] {
            let path = try fixturePath("coco/\(name)_results.json")
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            let gtData = try COCODataset.load(contentsOf: try fixturePath("coco/\(name)_gt.json"))
            let fast = try COCOResults.decode(data, path: path, groundTruth: gtData)
            let slow = try JSONDecoder().decode([COCODetection].self, from: data)
            #expect(fast == slow, "\(name)")
        }
    }

    @Test func extraKeysEscapesAndExponentsAreRead() throws {
        let text = """
             [ {"segmentation": [[1, 2.5e0, {"a": "x\\"}"}]], "image_id" : 42, "bbox":[1e1, -2.5E-1,3 ,4.000],
               "category_id": 3, "note": "tab\\t\\u00e9", "flag": true, "none": null, "score": 0.1234567890123456789} ,
               {"image_id": 1, "category_id": 3, "bbox": [0, 0, 1, 1], "score": 1} ]\n
            """
        let results = try COCOResults.decode(Data(text.utf8), path: "r.json", groundTruth: gt)
        #expect(results == [
            COCODetection(imageID: 42, categoryID: 3, bbox: COCOBox(x: 10, y: -0.25, width: 3, height: 4), score: 0.1234567890123456789),
            COCODetection(imageID: 1, categoryID: 3, bbox: COCOBox(x: 0, y: 0, width: 1, height: 1), score: 1),
        ])
        #expect(try COCOResults.decode(Data("[]".utf8), path: "r.json", groundTruth: gt).isEmpty)
    }

    @Test func malformedInputStillGetsJSONDecodersPreciseError() {
        for (text, fragment) in [
            (#"[{"image_id": 1, "category_id": 3, "bbox": [0, 0, 1], "score": 1}]"#, "[0].bbox"),
            (#"[{"image_id": 1, "category_id": 3, "bbox": [0, 0, 1, 1], "score": "high"}]"#, "[0].score"),
            (#"[{"image_id": 1, "category_id": 3, "bbox": [0, 0, 1, 1], "score": 1"#, "r.json: malformed JSON"),
            (#"[{"image_id": 1.5, "category_id": 3, "bbox": [0, 0, 1, 1], "score": 1}]"#, "r.json: malformed JSON"),
        ] {
            #expect {
                _ = try COCOResults.decode(Data(text.utf8), path: "r.json", groundTruth: gt)
            } throws: { error in
                "\(error)".contains(fragment)
            }
        }
    }
}
