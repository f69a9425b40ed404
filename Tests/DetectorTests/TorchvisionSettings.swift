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
