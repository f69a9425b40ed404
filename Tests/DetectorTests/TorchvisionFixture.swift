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

/// The settings a torchvision Faster R-CNN holds, read off its modules.
struct TorchvisionSettings: Decodable {
    var min_size: [Int]
    var max_size: Int
    var image_mean: [Double]
    var image_std: [Double]
    var size_divisible: Int
    var anchor_sizes: [[Double]]
    var aspect_ratios: [[Double]]
    var rpn_pre_nms_top_n_test: Int
    var rpn_post_nms_top_n_test: Int
    var rpn_nms_thresh: Double
    var rpn_score_thresh: Double
    var rpn_min_size: Double
    var rpn_box_coder_weights: [Double]
    var box_coder_clip: Double
    var roi_featmap_names: [String]
    var roi_output_size: [Int]
    var roi_sampling_ratio: Int
    var roi_canonical_scale: Double
    var roi_canonical_level: Double
    var box_coder_weights: [Double]
    var box_score_thresh: Double
    var box_nms_thresh: Double
    var box_detections_per_img: Int
    var num_classes: Int
}

/// The full-size fasterrcnn_resnet50_fpn and _v2 as torchvision builds them (weights=None):
/// their state_dict names and shapes, settings and COCO category names.
struct TorchvisionLayouts: Decodable {
    struct Model: Decodable {
        /// [name, shape] pairs in state_dict order.
        var tensors: [[Tensor]]
        var settings: TorchvisionSettings
        var categories: [String]

        enum Tensor: Decodable {
            case name(String)
            case shape([Int])

            init(from decoder: Decoder) throws {
                let c = try decoder.singleValueContainer()
                if let s = try? c.decode(String.self) { self = .name(s) } else { self = .shape(try c.decode([Int].self)) }
            }
        }

        /// The tensors as names and shapes, and the names in order.
        var shapes: (byName: [String: [Int]], order: [String]) {
            var byName: [String: [Int]] = [:], order: [String] = []
            for pair in tensors {
                guard pair.count == 2, case .name(let n) = pair[0], case .shape(let s) = pair[1] else { continue }
                byName[n] = s
                order.append(n)
            }
            return (byName, order)
        }
    }

    var v1: Model
    var v2: Model

    static func load() throws -> TorchvisionLayouts {
        try JSONDecoder().decode(TorchvisionLayouts.self,
                                 from: Data(contentsOf: RepositoryFiles.url("Tests/Fixtures/torchvision/layouts.json")))
    }
}
