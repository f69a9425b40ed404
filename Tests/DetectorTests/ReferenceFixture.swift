import Compute
import Foundation
import TestSupport
@testable import Detector

/// A golden file written by the PyTorch reference (Tools/fixtures.py; Tests/Fixtures/README.md).
struct ReferenceFixture: Decodable {
    struct Proposals: Decodable {
        var boxes: [[Float]]
        var boxes_resized: [[Float]]
        var objectness: [Float]?
        var level: [Int]?
    }

    struct RoIs: Decodable {
        var indices: [Int]
        var roi_level: [Int]
        var fc_scores: [[Float]]
        /// Double-Head models only.
        var conv_deltas: [[Float]]?
        var conv_scores: [[Float]]?
        var fc_deltas: [[Float]]?
    }

    struct Detection: Decodable {
        var box: [Float]
        var score: Float
        var label: Int
        var roi: Int
    }

    var image: String
    var img_shape: [Int]
    var scale_factor: [Double]
    var num_classes: Int
    var class_names: [String]?
    var proposals: Proposals
    var rois: RoIs
    var detections: [String: [Detection]]

    static func load(_ relativePath: String) throws -> ReferenceFixture {
        let data = try Data(contentsOf: RepositoryFiles.url(relativePath))
        return try JSONDecoder().decode(ReferenceFixture.self, from: data)
    }

    /// The exporter's metadata strings (config.json) applied to a default configuration.
    static func config(_ relativePath: String) throws -> ModelConfig {
        let data = try Data(contentsOf: RepositoryFiles.url(relativePath))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        var metadata: [String: String] = [:]
        for (k, v) in object { if let s = v as? String { metadata[k] = s } }
        var config = ModelConfig()
        try config.apply(metadata: metadata)
        return config
    }
}

/// Largest absolute difference between two equally long sequences (infinity when they differ in length).
func maxDifference<A: Collection, B: Collection>(_ a: A, _ b: B) -> Float where A.Element == Float, B.Element == Float {
    guard a.count == b.count else { return .infinity }
    return zip(a, b).map { abs($0 - $1) }.max() ?? 0
}
