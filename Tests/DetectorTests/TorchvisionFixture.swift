import Foundation
import TestSupport

/// What torchvision computed for one of its Faster R-CNNs on one image
/// (Tools/fixtures/make_torchvision_fixtures.py, which documents the keys).
struct TorchvisionFixture: Decodable {
    struct Proposals: Decodable {
        var boxes: [[Float]]
        var boxes_resized: [[Float]]
        var objectness: [Float]
    }

    struct RoIs: Decodable {
        var indices: [Int]
        var roi_level: [Int]
        /// Softmax of the class logits, background FIRST (torchvision's order).
        var class_scores: [[Float]]
        /// Raw deltas, 4 per class including background.
        var box_regression: [[Float]]
    }

    struct Detection: Decodable {
        var box: [Float]
        var score: Float
        /// torchvision's label: 1-based, 0 is background.
        var label: Int
        var roi: Int
        /// Every proposal the detection may have come from (identical proposals tie).
        var rois: [Int]
    }

    var image: String
    var img_shape: [Int]
    var pad_shape: [Int]
    var num_classes: Int
    var proposals: Proposals
    var rois: RoIs
    var detections: [String: [Detection]]
    var settings: TorchvisionSettings

    static func load(_ relativePath: String) throws -> TorchvisionFixture {
        try JSONDecoder().decode(TorchvisionFixture.self, from: Data(contentsOf: RepositoryFiles.url(relativePath)))
    }
}
