import Compute
import Foundation

/// Reads Pascal VOC annotation XML (`<annotation>` with `filename`, `size` and `object`s).
///
/// Coordinates are 1-based inclusive pixel indices and become `[xmin - 1, ymin - 1, xmax, ymax]`
/// (see `GroundTruth`). `difficult` objects are kept and flagged. The XML is read by the
/// package's own `XMLReader`, which keeps libxml2 and ICU out of dhscope.
public enum VOCLoader {
    /// Loads every `.xml` file of `directory` (not recursive), in file-name order.
    public static func load(directory: String) throws(EvaluationError) -> GroundTruth {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw .unreadable(path: directory, reason: error.localizedDescription)
        }
        let files = names.filter { $0.lowercased().hasSuffix(".xml") }.sorted()
            .map { (directory as NSString).appendingPathComponent($0) }
        if files.count > EvaluationLimits.maxAnnotations {
            throw .tooManyEntries(path: directory, count: files.count, limit: EvaluationLimits.maxAnnotations)
        }
        return try load(files: files)
    }

    /// Loads the given VOC XML files; class names in order of first appearance.
    public static func load(files: [String]) throws(EvaluationError) -> GroundTruth {
        var images: [GroundTruthImage] = []
        var classNames: [String] = []
        var seen = Set<String>()
        for file in files {
            let image = try parse(try FileReading.data(at: file), path: file)
            for object in image.objects where seen.insert(object.className).inserted {
                classNames.append(object.className)
            }
            images.append(image)
        }
        return GroundTruth(images: images, classNames: classNames)
    }

    /// Parses one VOC XML document (UTF-8, or ISO-8859-1 or US-ASCII when its declaration
    /// says so); `path` names it in errors.
    public static func parse(_ data: Data, path: String) throws(EvaluationError) -> GroundTruthImage {
        var collector = VOCElementCollector()
        do {
            try XMLReader.read([UInt8](data), into: &collector)
        } catch {
            throw .malformedXML(path: path, reason: error.description)
        }
        guard collector.root == "annotation" else {
            throw .malformedXML(path: path, reason: "the root element is <\(collector.root ?? "")>, not <annotation>")
        }
        guard let fileName = collector.fileName, !fileName.isEmpty else {
            throw .malformedXML(path: path, reason: "no <filename>")
        }
        let width = Int(collector.width ?? "0") ?? -1
        let height = Int(collector.height ?? "0") ?? -1
        if width < 0 || height < 0 {
            throw .invalidValue(path: path, location: "<size>",
                                reason: "width and height must be non-negative integers, got \(collector.width ?? "") x \(collector.height ?? "")")
        }
        var objects: [GroundTruthObject] = []
        for (i, raw) in collector.objects.enumerated() {
            let location = "<object> \(i + 1)"
            guard let name = raw.values["name"], !name.isEmpty else {
                throw .malformedXML(path: path, reason: "\(location) has no <name>")
            }
            var corners: [Double] = []
            for key in ["xmin", "ymin", "xmax", "ymax"] {
                guard let text = raw.values[key] else {
                    throw .malformedXML(path: path, reason: "\(location) (\(name)) has no <bndbox><\(key)>")
                }
                guard let value = Double(text), value.isFinite else {
                    throw .invalidValue(path: path, location: "\(location) (\(name)) <\(key)>", reason: "\"\(text)\" is not a number")
                }
                corners.append(value)
            }
            if corners[2] < corners[0] || corners[3] < corners[1] {
                throw .invalidValue(path: path, location: "\(location) (\(name))",
                                    reason: "xmax < xmin or ymax < ymin (negative size)")
            }
            let box = Box(x1: Float(corners[0] - 1), y1: Float(corners[1] - 1), x2: Float(corners[2]), y2: Float(corners[3]))
            let difficult = (raw.values["difficult"].flatMap { Int($0) } ?? 0) != 0
            objects.append(GroundTruthObject(className: name, box: box, isDifficult: difficult))
        }
        return GroundTruthImage(fileName: (fileName as NSString).lastPathComponent, width: width, height: height, objects: objects)
    }
}
