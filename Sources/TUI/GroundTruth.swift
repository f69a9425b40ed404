import Compute
import Foundation

/// One ground-truth box of an image.
public struct GroundTruthBox: Sendable, Equatable {
    public var box: Box
    public var className: String
}

/// Ground truth from a COCO annotation file, by image file name.
public struct GroundTruth: Sendable {
    /// Boxes by the image's file name (last path component).
    public var boxesByFile: [String: [GroundTruthBox]]

    public init(boxesByFile: [String: [GroundTruthBox]]) {
        self.boxesByFile = boxesByFile
    }

    /// The boxes of the image at `path` (matched by file name); empty when it has none.
    public func boxes(forImageAt path: String) -> [GroundTruthBox] {
        boxesByFile[(path as NSString).lastPathComponent] ?? []
    }

    /// Reads COCO JSON: `images` (id, file_name), `annotations` (image_id, bbox [x, y, w, h],
    /// category_id) and `categories` (id, name).
    public static func loadCOCO(path: String) throws -> GroundTruth {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw TerminalError("\(path): cannot read the annotation file (\(error.localizedDescription))")
        }
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let images = root["images"] as? [[String: Any]],
              let annotations = root["annotations"] as? [[String: Any]] else {
            throw TerminalError("\(path): expected COCO JSON with \"images\" and \"annotations\" lists")
        }
        var names: [Int: String] = [:]
        for category in root["categories"] as? [[String: Any]] ?? [] {
            if let id = category["id"] as? Int, let name = category["name"] as? String { names[id] = name }
        }
        var files: [Int: String] = [:]
        for image in images {
            if let id = image["id"] as? Int, let name = image["file_name"] as? String {
                files[id] = (name as NSString).lastPathComponent
            }
        }
        var boxes: [String: [GroundTruthBox]] = [:]
        for annotation in annotations {
            guard let imageID = annotation["image_id"] as? Int, let file = files[imageID],
                  let bbox = annotation["bbox"] as? [Double], bbox.count == 4, bbox.allSatisfy(\.isFinite) else { continue }
            let category = annotation["category_id"] as? Int ?? -1
            let box = Box(x1: Float(bbox[0]), y1: Float(bbox[1]), x2: Float(bbox[0] + bbox[2]), y2: Float(bbox[1] + bbox[3]))
            boxes[file, default: []].append(GroundTruthBox(box: box, className: names[category] ?? "class \(category)"))
        }
        return GroundTruth(boxesByFile: boxes)
    }
}
