/// Collects the few VOC elements needed while `XMLReader` streams through a document.
struct VOCElementCollector: XMLContentHandler {
    struct RawObject { var values: [String: String] = [:] }

    var root: String?
    var fileName: String?
    var width: String?
    var height: String?
    var objects: [RawObject] = []
    private var stack: [String] = []
    /// The text since the last tag: an element's value when it closes.
    private var text = ""

    mutating func startElement(_ name: String) {
        if root == nil { root = name }
        stack.append(name)
        text = ""
        if name == "object" && stack.count == 2 { objects.append(RawObject()) }
    }

    mutating func characters(_ text: String) {
        self.text += text
    }

    mutating func endElement(_ name: String) {
        // Every element VOC needs is at most 4 deep; deeper paths are not even joined.
        if stack.count <= 4 {
            let value = Self.trimmed(text)
            switch stack.joined(separator: "/") {
            case "annotation/filename": fileName = value
            case "annotation/size/width": width = value
            case "annotation/size/height": height = value
            case "annotation/object/name", "annotation/object/difficult",
                 "annotation/object/bndbox/xmin", "annotation/object/bndbox/ymin",
                 "annotation/object/bndbox/xmax", "annotation/object/bndbox/ymax":
                objects[objects.count - 1].values[name] = value
            default: break
            }
        }
        if !stack.isEmpty { stack.removeLast() }
        text = ""
    }

    /// `text` without leading and trailing white space (Unicode's White_Space, as
    /// Foundation's `.whitespacesAndNewlines` trimmed before).
    static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
