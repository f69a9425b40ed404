import Evaluation
import Compute
import Foundation

/// Boxes given in place of the RPN's proposals (`dhscope inspect --proposals`), read from a
/// JSON list of `[x1, y1, x2, y2]` (or a `render --boxes` file) in image pixels and checked
/// against the image.
///
/// mmdetection clips the RPN's proposals to the image (`clamp` of x to [0, width] and y to
/// [0, height]), so a given box that reaches outside is clipped the same way, with a warning
/// naming it. A box mmdetection would never propose is refused, naming it: inverted
/// (x2 < x1 or y2 < y1), without area (x1 == x2 or y1 == y2; the RPN drops such boxes), or
/// entirely outside the image (nothing is left after clipping).
public struct GivenProposals: Sendable {
    /// The boxes, clipped to the image.
    public var boxes: [Box]
    /// One line per clipped box, naming it.
    public var warnings: [String]

    /// The `box` of an entry of a `render --boxes` file; its other fields are not needed.
    private struct BoxEntry: Decodable {
        var box: [Double]
    }

    /// Reads the boxes of `path`: a JSON list of `[x1, y1, x2, y2]`, or the list of
    /// `{"box": [x1, y1, x2, y2], ...}` objects that `render --boxes` reads.
    public static func load(contentsOf path: String) throws(EvaluationError) -> [Box] {
        let data = try FileReading.data(at: path)
        let list: [[Double]]
        if let plain = try? JSONDecoder().decode([[Double]].self, from: data) {
            list = plain
        } else if let entries = try? JSONDecoder().decode([BoxEntry].self, from: data) {
            list = entries.map(\.box)
        } else {
            throw .malformedJSON(path: path, codingPath: "the top level",
                                 reason: "expected a list of boxes [[x1, y1, x2, y2], ...] or [{\"box\": [x1, y1, x2, y2]}, ...] in image pixels")
        }
        var boxes: [Box] = []
        for (i, values) in list.enumerated() {
            guard values.count == 4, values.allSatisfy({ $0.isFinite && abs($0) < 1e7 }) else {
                throw .invalidValue(path: path, location: "box \(i)",
                                    reason: "must be four finite numbers [x1, y1, x2, y2] in image pixels")
            }
            boxes.append(Box(x1: Float(values[0]), y1: Float(values[1]), x2: Float(values[2]), y2: Float(values[3])))
        }
        return boxes
    }

    /// Checks `boxes` (from `path`) against an image of `width` x `height` pixels.
    ///
    /// - Throws: `EvaluationError.invalidValue` naming the first invalid box by its 0-based
    ///   index and coordinates.
    public init(_ boxes: [Box], imageWidth width: Int, imageHeight height: Int, path: String) throws(EvaluationError) {
        self.boxes = []
        warnings = []
        let size = "\(width)x\(height)"
        for (i, box) in boxes.enumerated() {
            let location = "box \(i) \(Self.text(box))"
            if box.x2 < box.x1 || box.y2 < box.y1 {
                throw .invalidValue(path: path, location: location,
                                    reason: "is inverted (x2 < x1 or y2 < y1); boxes are [x1, y1, x2, y2] in image pixels")
            }
            if box.x2 == box.x1 || box.y2 == box.y1 {
                throw .invalidValue(path: path, location: location, reason: "has no area (x1 == x2 or y1 == y2)")
            }
            let clipped = box.clipped(height: Float(height), width: Float(width))
            if clipped.width <= 0 || clipped.height <= 0 {
                throw .invalidValue(path: path, location: location, reason: "lies entirely outside the \(size) image")
            }
            if clipped != box {
                warnings.append("\(path): \(location) reaches outside the \(size) image; clipped to "
                    + "\(Self.text(clipped)), as mmdetection clips the RPN's proposals")
            }
            self.boxes.append(clipped)
        }
    }

    /// `[x1, y1, x2, y2]` with whole numbers written without decimals.
    static func text(_ box: Box) -> String {
        "[" + box.values.map { String(format: "%g", Double($0)) }.joined(separator: ", ") + "]"
    }
}
