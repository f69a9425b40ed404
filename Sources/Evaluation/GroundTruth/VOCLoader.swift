import Compute
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads Pascal VOC annotation XML (`<annotation>` with `filename`, `size` and `object`s).
///
/// Coordinates are 1-based inclusive pixel indices and become `[xmin - 1, ymin - 1, xmax, ymax]`
/// (see `GroundTruth`). `difficult` objects are kept and flagged.
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

    /// Parses one VOC XML document; `path` names it in errors.
    public static func parse(_ data: Data, path: String) throws(EvaluationError) -> GroundTruthImage {
        // FoundationXML crashes on element names that are not valid UTF-8 in a document that
        // claims UTF-8 (found by fuzzing), so such documents are refused before parsing.
        if !declaresNonUTF8Encoding(data), let offset = firstInvalidUTF8Byte(data) {
            throw .malformedXML(path: path, reason: "byte \(offset) is not valid UTF-8")
        }
        // FoundationXML also crashes on a processing instruction without data (`<?x?>`, found
        // by fuzzing); VOC files have none but the XML declaration, so the others are blanked.
        guard let data = withoutProcessingInstructions(data) else {
            throw .malformedXML(path: path, reason: "a processing instruction (<?...) is not closed")
        }
        let collector = VOCElementCollector()
        let parser = XMLParser(data: data)
        parser.delegate = collector
        let parsed = parser.parse()
        if !parsed || collector.errorLine != nil || !collector.rootClosed {
            // FoundationXML on Linux may recover from errors silently: an unclosed root or a
            // reported error counts as malformed too.
            let line = collector.errorLine ?? parser.lineNumber
            let reason = (parser.parserError ?? collector.error).map { "\($0.localizedDescription)" }
                ?? "the document ends before </\(collector.root ?? "annotation")>"
            throw .malformedXML(path: path, reason: "line \(line): \(reason)")
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

/// Collects the few VOC elements needed while XMLParser streams through a document.
final class VOCElementCollector: NSObject, XMLParserDelegate {
    struct RawObject { var values: [String: String] = [:] }

    var root: String?
    var fileName: String?
    var width: String?
    var height: String?
    var objects: [RawObject] = []
    var rootClosed = false
    var error: (any Error)?
    var errorLine: Int?
    private var stack: [String] = []
    private var text = ""

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        if root == nil { root = elementName }
        stack.append(elementName)
        text = ""
        if elementName == "object" && stack.count == 2 { objects.append(RawObject()) }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text += string
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let path = stack.joined(separator: "/")
        switch path {
        case "annotation/filename": fileName = value
        case "annotation/size/width": width = value
        case "annotation/size/height": height = value
        case "annotation/object/name", "annotation/object/difficult":
            objects[objects.count - 1].values[elementName] = value
        case "annotation/object/bndbox/xmin", "annotation/object/bndbox/ymin",
             "annotation/object/bndbox/xmax", "annotation/object/bndbox/ymax":
            objects[objects.count - 1].values[elementName] = value
        default: break
        }
        if !stack.isEmpty { stack.removeLast() }
        if stack.isEmpty { rootClosed = true }
        text = ""
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        if error == nil {
            error = parseError
            errorLine = parser.lineNumber
        }
    }
}

extension VOCLoader {
    /// `data` with every processing instruction but a leading XML declaration replaced by
    /// spaces (newlines kept, so line numbers stay right); nil when one is not closed.
    static func withoutProcessingInstructions(_ data: Data) -> Data? {
        var bytes = [UInt8](data)
        var i = 0
        while i + 1 < bytes.count {
            guard bytes[i] == UInt8(ascii: "<"), bytes[i + 1] == UInt8(ascii: "?") else { i += 1; continue }
            var end = i + 2
            while end + 1 < bytes.count, !(bytes[end] == UInt8(ascii: "?") && bytes[end + 1] == UInt8(ascii: ">")) { end += 1 }
            guard end + 1 < bytes.count else { return nil }
            let isDeclaration = bytes[..<i].allSatisfy { [0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
                && bytes[(i + 2)...].starts(with: Array("xml ".utf8))
            if !isDeclaration {
                for k in i...(end + 1) where bytes[k] != 0x0A { bytes[k] = 0x20 }
            }
            i = end + 2
        }
        return Data(bytes)
    }

    /// Whether the XML declaration names an encoding other than UTF-8 (for example ISO-8859-1).
    static func declaresNonUTF8Encoding(_ data: Data) -> Bool {
        let head = String(decoding: data.prefix(200), as: UTF8.self).lowercased()
        guard head.hasPrefix("<?xml"), let range = head.range(of: "encoding=") else { return false }
        let value = head[range.upperBound...].dropFirst().prefix { $0 != "\"" && $0 != "'" }
        return value != "utf-8" && value != "utf8"
    }

    /// The offset of the first byte that is not part of valid UTF-8, if any.
    static func firstInvalidUTF8Byte(_ data: Data) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = data.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }
}
