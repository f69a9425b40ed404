import Detector
import Foundation
import Reporting

/// One image's detections as `dhscope detect` writes them: {file, width, height,
/// detections: [{label, category_id, score, box, roi}]}, by descending score.
public struct ImageDetections: Sendable, Encodable {
    /// One detection with its class name and 1-based category id.
    public struct Record: Sendable, Encodable {
        public var label: String
        public var categoryID: Int
        @OrNull public var score: Float?
        /// [x1, y1, x2, y2] in image pixels.
        public var box: [Float]
        /// The proposal it came from.
        public var roi: Int

        enum CodingKeys: String, CodingKey { case label, categoryID = "category_id", score, box, roi }
    }

    public var file: String
    public var width: Int
    public var height: Int
    public var records: [Record]
    /// The detections the records describe (not written).
    public var detections: [Detection]

    enum CodingKeys: String, CodingKey { case file, width, height, records = "detections" }

    public init(file: String, width: Int, height: Int, detections: [Detection], config: ModelConfig) {
        self.file = file
        self.width = width
        self.height = height
        self.detections = detections
        records = detections.map {
            Record(label: config.className($0.label), categoryID: $0.label + 1, score: $0.score, box: $0.box.values, roi: $0.roi)
        }
    }

    /// The image as `dhscope detect` prints it.
    public var text: String {
        var lines = ["\(file) (\(width)x\(height)): \(records.count) detections"]
        for record in records {
            let box = record.box.map { String(format: "%.1f", $0) }.joined(separator: ", ")
            lines.append(String(format: "  %-16@ %.3f  [%@]  roi %d", record.label as NSString, record.score ?? .nan,
                                box as NSString, record.roi))
        }
        return lines.joined(separator: "\n")
    }
}
