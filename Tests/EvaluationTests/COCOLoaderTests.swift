import Foundation
import TestSupport
import Evaluation
import Testing

private func gtJSON(images: String = #"[{"id": 1, "file_name": "a.jpg", "width": 10, "height": 10}]"#,
                    annotations: String = #"[{"id": 1, "image_id": 1, "category_id": 3, "bbox": [1, 2, 3, 4], "area": 12, "iscrowd": 0}]"#) -> Data {
    Data(#"{"images": \#(images), "annotations": \#(annotations), "categories": [{"id": 3, "name": "cat"}]}"#.utf8)
}

private func expectError(_ data: Data, _ check: (String) -> Bool) {
    #expect {
        _ = try COCODataset.decode(data, path: "gt.json")
    } throws: { error in
        error is EvaluationError && check("\(error)")
    }
}

@Suite struct COCOLoaderTests {
    @Test func validFileLoadsWithDefaults() throws {
        let data = gtJSON(annotations: #"[{"id": 0, "image_id": 1, "category_id": 3, "bbox": [1, 2, 3, 4], "iscrowd": true}]"#)
        let gt = try COCODataset.decode(data, path: "gt.json")
        #expect(gt.annotations[0].area == 12)  // missing area: w * h
        #expect(gt.annotations[0].isCrowd)
        let common = GroundTruth(coco: gt)
        #expect(common.image(forFileAt: "/x/a.jpg")?.objects.first?.className == "cat")
    }

    @Test func malformedJSONGivesTheCodingPath() {
        expectError(gtJSON(annotations: #"[{"id": 1, "image_id": 1, "category_id": 3, "bbox": [1, 2, 3, 4]}, {"id": 2, "image_id": 1, "category_id": 3, "bbox": [1, 2, 3]}]"#)) {
            $0.hasPrefix("gt.json: malformed JSON at annotations[1].bbox") && $0.contains("4 numbers")
        }
        expectError(gtJSON(images: #"[{"id": "one", "file_name": "a.jpg"}]"#)) { $0.contains("images[0].id") }
        expectError(Data("{\"images\": [".utf8)) { $0.contains("gt.json: malformed JSON") }
        expectError(gtJSON(annotations: #"[{"id": 1, "image_id": 1, "bbox": [1, 2, 3, 4]}]"#)) {
            $0.contains("missing key \"category_id\"")
        }
    }

    @Test func referencesAndSizesAreChecked() {
        expectError(gtJSON(annotations: #"[{"id": 1, "image_id": 9, "category_id": 3, "bbox": [1, 2, 3, 4]}]"#)) {
            $0.contains("annotations[0] (id 1) refers to image id 9")
        }
        expectError(gtJSON(annotations: #"[{"id": 1, "image_id": 1, "category_id": 4, "bbox": [1, 2, 3, 4]}]"#)) {
            $0.contains("category id 4")
        }
        expectError(gtJSON(annotations: #"[{"id": 1, "image_id": 1, "category_id": 3, "bbox": [1, 2, -3, 4]}]"#)) {
            $0.contains("negative box size")
        }
        expectError(gtJSON(images: #"[{"id": 1, "file_name": "a.jpg", "width": -1, "height": 10}]"#, annotations: "[]")) {
            $0.contains("negative size")
        }
        expectError(gtJSON(images: #"[{"id": 1, "file_name": "a.jpg"}, {"id": 1, "file_name": "b.jpg"}]"#, annotations: "[]")) {
            $0.contains("image id 1 appears more than once")
        }
    }

    @Test func resultsMustReferToGroundTruthImages() throws {
        let gt = try COCODataset.decode(gtJSON(), path: "gt.json")
        let good = Data(#"[{"image_id": 1, "category_id": 3, "bbox": [1, 2, 3, 4], "score": 0.5}]"#.utf8)
        #expect(try COCOResults.decode(good, path: "r.json", groundTruth: gt).count == 1)
        #expect(throws: EvaluationError.unknownImage(path: "r.json", location: "[1]", imageID: 2)) {
            _ = try COCOResults.decode(Data(#"[{"image_id": 1, "category_id": 3, "bbox": [1, 2, 3, 4], "score": 0.5}, {"image_id": 2, "category_id": 3, "bbox": [1, 2, 3, 4], "score": 0.5}]"#.utf8), path: "r.json", groundTruth: gt)
        }
        #expect {
            _ = try COCOResults.decode(Data(#"{"image_id": 1}"#.utf8), path: "r.json", groundTruth: gt)
        } throws: { "\($0)".contains("r.json: malformed JSON") }
        #expect {
            _ = try COCOResults.decode(Data(#"[{"image_id": 1, "category_id": 3, "bbox": [1, 2, 3, 4]}]"#.utf8), path: "r.json", groundTruth: gt)
        } throws: { "\($0)".contains("[0]") && "\($0)".contains("score") }
    }

    @Test func unreadableFilesSayWhy() {
        #expect(throws: EvaluationError.unreadable(path: "/nonexistent/gt.json", reason: "no such file")) {
            _ = try COCODataset.load(contentsOf: "/nonexistent/gt.json")
        }
    }
}

@Suite struct GroundTruthTests {
    @Test func restrictingKeepsOnlyThoseImagesAndTheirAnnotations() throws {
        let data = Data(#"""
            {"images": [{"id": 1, "file_name": "a.jpg"}, {"id": 2, "file_name": "b.jpg"}],
             "annotations": [{"id": 1, "image_id": 1, "category_id": 3, "bbox": [0, 0, 1, 1]},
                             {"id": 2, "image_id": 2, "category_id": 3, "bbox": [0, 0, 1, 1]}],
             "categories": [{"id": 3, "name": "cat"}]}
            """#.utf8)
        let subset = try COCODataset.decode(data, path: "gt.json").restricted(toImages: [2])
        #expect(subset.images.map(\.id) == [2])
        #expect(subset.annotations.map(\.id) == [2])
        #expect(subset.categories.count == 1)
    }

    @Test func yoloFolderWithoutImageSizesSaysWhatIsNeeded() throws {
        let dir = try temporaryDirectory()
        try write("0 0.5 0.5 0.1 0.1", to: "a.txt", in: dir)
        #expect {
            _ = try GroundTruth.load(contentsOf: dir.path)
        } throws: { "\($0)".contains("image sizes are needed") }
    }
}
