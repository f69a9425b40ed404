import Compute
import Foundation

/// Reads YOLO label files: one `class cx cy w h` line per object, normalised to 0...1, in a
/// `.txt` file named like its image (`a.jpg` -> `a.txt`).
///
/// Class names come from the `classNames` argument, else from `classes.txt` in the labels
/// folder or its parent. An image without a label file has no objects; a label file
/// without an image is reported in `GroundTruth.warnings`.
public enum YOLOLoader {
    /// Loads the labels of the images in `imageSizes` (file name -> pixel size) from `directory`.
    public static func load(
        directory: String, classNames: [String]? = nil, imageSizes: [String: (width: Int, height: Int)]
    ) throws(EvaluationError) -> GroundTruth {
        let names: [String]
        if let classNames {
            names = classNames
        } else {
            names = try loadClassNames(near: directory)
        }
        let files: [String]
        do {
            files = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw .unreadable(path: directory, reason: error.localizedDescription)
        }
        let labelFiles = Set(files.filter { $0.hasSuffix(".txt") && $0 != "classes.txt" })
        var images: [GroundTruthImage] = []
        var matched = Set<String>()
        for imageName in imageSizes.keys.sorted() {
            guard let size = imageSizes[imageName] else { continue }
            if size.width < 0 || size.height < 0 {
                throw .invalidValue(path: imageName, location: "image size", reason: "negative size \(size.width)x\(size.height)")
            }
            let labelName = ((imageName as NSString).deletingPathExtension as NSString).lastPathComponent + ".txt"
            var objects: [GroundTruthObject] = []
            if labelFiles.contains(labelName) {
                matched.insert(labelName)
                let path = (directory as NSString).appendingPathComponent(labelName)
                objects = try parse(try FileReading.text(at: path), path: path, classNames: names,
                                    width: size.width, height: size.height)
            }
            images.append(GroundTruthImage(fileName: (imageName as NSString).lastPathComponent,
                                           width: size.width, height: size.height, objects: objects))
        }
        let orphans = labelFiles.subtracting(matched).sorted()
        let warnings = orphans.isEmpty ? [] : ["\(orphans.count) label files have no image: " + orphans.prefix(10).joined(separator: ", ")
            + (orphans.count > 10 ? ", ..." : "")]
        return GroundTruth(images: images, classNames: names, warnings: warnings)
    }

    /// Class names, one per line, from `classes.txt` in `directory` or its parent.
    public static func loadClassNames(near directory: String) throws(EvaluationError) -> [String] {
        let candidates = [(directory as NSString).appendingPathComponent("classes.txt"),
                          ((directory as NSString).deletingLastPathComponent as NSString).appendingPathComponent("classes.txt")]
        guard let path = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw .unreadable(path: candidates[0], reason: "YOLO labels need class names: a classes.txt (one name per line) beside them, or a names list")
        }
        return try FileReading.text(at: path).split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Parses one label file for an image of `width` x `height` pixels.
    public static func parse(_ text: String, path: String, classNames: [String], width: Int, height: Int) throws(EvaluationError) -> [GroundTruthObject] {
        var objects: [GroundTruthObject] = []
        for (i, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if fields.isEmpty { continue }
            if objects.count >= EvaluationLimits.maxAnnotations {
                throw .tooManyEntries(path: path, count: objects.count + 1, limit: EvaluationLimits.maxAnnotations)
            }
            guard fields.count == 5 else {
                throw .malformedLine(path: path, line: i + 1, reason: "expected 5 fields \"class cx cy w h\", found \(fields.count)")
            }
            guard let cls = Int(fields[0]), cls >= 0, cls < classNames.count else {
                throw .malformedLine(path: path, line: i + 1,
                                     reason: "class \"\(fields[0])\" is not an index into the \(classNames.count) class names")
            }
            var v: [Double] = []
            for field in fields[1...] {
                guard let value = Double(field), value.isFinite else {
                    throw .malformedLine(path: path, line: i + 1, reason: "\"\(field)\" is not a number")
                }
                v.append(value)
            }
            if v[2] < 0 || v[3] < 0 {
                throw .malformedLine(path: path, line: i + 1, reason: "negative box size")
            }
            if v.contains(where: { $0 > 1 + 1e-6 }) {
                throw .malformedLine(path: path, line: i + 1,
                                     reason: "values above 1 look like pixels; YOLO wants cx cy w h normalised to 0...1")
            }
            let w = Double(width), h = Double(height)
            let box = Box(x1: Float((v[0] - v[2] / 2) * w), y1: Float((v[1] - v[3] / 2) * h),
                          x2: Float((v[0] + v[2] / 2) * w), y2: Float((v[1] + v[3] / 2) * h))
            objects.append(GroundTruthObject(className: classNames[cls], box: box))
        }
        return objects
    }
}
