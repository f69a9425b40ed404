extension DetectionErrorRecord {
    /// The record as one line of JSON with sorted keys, as `JSONEncoder` with `.sortedKeys`
    /// and `.withoutEscapingSlashes` writes it (the same text), without its per-object cost:
    /// `eval --errors` writes hundreds of thousands of these.
    public var jsonLine: String {
        var line = "{\"box\":"
        line += Self.numbers(box)
        line += ",\"category_id\":\(categoryID),\"file\":"
        line += Self.quoted(file)
        line += ",\"gt_box\":" + Self.numbers(groundTruthBox)
        line += ",\"gt_category_id\":" + (groundTruthCategoryID.map(String.init) ?? "null")
        line += ",\"gt_id\":" + (groundTruthID.map(String.init) ?? "null")
        line += ",\"image_id\":\(imageID),\"iou\":" + Self.number(iou)
        line += ",\"score\":" + Self.number(score)
        line += ",\"type\":\"\(type.rawValue)\",\"variant\":" + Self.quoted(variant) + "}"
        return line
    }

    /// A number as JSONEncoder writes a Double: Swift's shortest form that reads back the
    /// same, without a trailing ".0"; null when absent or not finite.
    static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "null" }
        let text = "\(value)"
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    static func numbers(_ values: [Double]?) -> String {
        guard let values else { return "null" }
        return "[" + values.map { number($0) }.joined(separator: ",") + "]"
    }

    /// `text` as a JSON string: quotes, backslashes and control characters escaped.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case _ where scalar.value < 0x20:
                out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
