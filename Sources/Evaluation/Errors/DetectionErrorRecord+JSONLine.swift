extension DetectionErrorRecord {
    /// The record as one line of JSON with sorted keys, as `JSONEncoder` with `.sortedKeys`
    /// and `.withoutEscapingSlashes` writes it (the same text), without its per-object cost:
    /// `eval --errors` writes hundreds of thousands of these.
    public var jsonLine: String {
        var bytes: [UInt8] = []
        appendJSONLine(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends ``jsonLine``'s UTF-8 bytes (no newline) to `bytes`.
    public func appendJSONLine(to bytes: inout [UInt8]) {
        func raw(_ text: StaticString) {
            text.withUTF8Buffer { bytes.append(contentsOf: $0) }
        }
        func integer(_ value: Int?) {
            guard let value else { return raw("null") }
            bytes.append(contentsOf: String(value).utf8)
        }
        raw("{\"box\":")
        Self.appendNumbers(box, to: &bytes)
        raw(",\"category_id\":")
        integer(categoryID)
        raw(",\"file\":")
        Self.appendQuoted(file, to: &bytes)
        raw(",\"gt_box\":")
        Self.appendNumbers(groundTruthBox, to: &bytes)
        raw(",\"gt_category_id\":")
        integer(groundTruthCategoryID)
        raw(",\"gt_id\":")
        integer(groundTruthID)
        raw(",\"image_id\":")
        integer(imageID)
        raw(",\"iou\":")
        Self.appendNumber(iou, to: &bytes)
        raw(",\"score\":")
        Self.appendNumber(score, to: &bytes)
        raw(",\"type\":\"")
        bytes.append(contentsOf: type.rawValue.utf8)
        raw("\",\"variant\":")
        Self.appendQuoted(variant, to: &bytes)
        raw("}")
    }

    /// A number as JSONEncoder writes a Double: Swift's shortest form that reads back the
    /// same, without a trailing ".0"; null when absent or not finite.
    static func appendNumber(_ value: Double?, to bytes: inout [UInt8]) {
        guard let value, value.isFinite else { return bytes.append(contentsOf: "null".utf8) }
        let text = value.description.utf8
        if text.count > 2, text.suffix(2).elementsEqual(".0".utf8) {
            bytes.append(contentsOf: text.dropLast(2))
        } else {
            bytes.append(contentsOf: text)
        }
    }

    static func appendNumbers(_ values: [Double]?, to bytes: inout [UInt8]) {
        guard let values else { return bytes.append(contentsOf: "null".utf8) }
        bytes.append(UInt8(ascii: "["))
        for (i, value) in values.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            appendNumber(value, to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// `text` as a JSON string: quotes, backslashes and control characters escaped.
    static func appendQuoted(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: "\\\"".utf8)
            case UInt8(ascii: "\\"): bytes.append(contentsOf: "\\\\".utf8)
            case 0x0A: bytes.append(contentsOf: "\\n".utf8)
            case 0x0D: bytes.append(contentsOf: "\\r".utf8)
            case 0x09: bytes.append(contentsOf: "\\t".utf8)
            case 0x08: bytes.append(contentsOf: "\\b".utf8)
            case 0x0C: bytes.append(contentsOf: "\\f".utf8)
            case 0..<0x20:
                let hex = String(byte, radix: 16)
                bytes.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
