/// A strict, non-validating XML 1.0 reader for the subset annotation files use: elements,
/// character data, attributes (checked, then ignored), comments, processing instructions,
/// CDATA sections, a document type without an internal subset, the five predefined
/// entities and character references.
///
/// Anything else, or anything not well-formed, is an `XMLSyntaxError` naming the line and
/// the problem; arbitrary bytes never crash it. Nesting is limited to `maxDepth` and no
/// part of the reading is recursive. Dropping Foundation's XMLParser for this keeps
/// libxml2 and ICU out of every dhscope process (they were linked for VOC files alone).
struct XMLReader {
    /// Deepest element nesting accepted (Pascal VOC needs 4).
    static let maxDepth = 256

    /// Valid UTF-8, from `XMLTextDecoding`.
    let bytes: [UInt8]
    /// The next byte to read.
    var position: Int

    /// Reads `document` (raw file bytes: UTF-8, or Latin-1/ASCII when its declaration says
    /// so), reporting elements and text to `handler` as they come.
    static func read<Handler: XMLContentHandler>(_ document: [UInt8], into handler: inout Handler) throws(XMLSyntaxError) {
        let utf8 = try XMLTextDecoding.utf8(document)
        let start = try XMLDeclaration.parse(utf8)?.length ?? 0
        var reader = XMLReader(bytes: utf8, position: start)
        try reader.readDocument(into: &handler)
    }

    private mutating func readDocument<Handler: XMLContentHandler>(into handler: inout Handler) throws(XMLSyntaxError) {
        var open: [String] = []
        var text: [UInt8] = []
        var root: String?
        var sawDocumentType = false
        func flush(_ handler: inout Handler) {
            if !text.isEmpty { handler.characters(String(decoding: text, as: UTF8.self)) }
            text.removeAll(keepingCapacity: true)
        }
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "<") {
                switch peek(1) {
                case UInt8(ascii: "?"):
                    try skipProcessingInstruction()
                case UInt8(ascii: "!"):
                    if isAt("<!--") {
                        try skipComment()
                    } else if isAt("<![CDATA[") {
                        guard !open.isEmpty else { throw failure("a CDATA section outside the root element") }
                        try readCDATA(into: &text)
                    } else if isAt("<!DOCTYPE") {
                        guard root == nil, !sawDocumentType else {
                            throw failure("a document type (<!DOCTYPE) may only come once, before the root element")
                        }
                        try skipDocumentType()
                        sawDocumentType = true
                    } else {
                        throw failure("\"<!\" starts neither a comment (<!--), a CDATA section (<![CDATA[) nor <!DOCTYPE")
                    }
                case UInt8(ascii: "/"):
                    let tagStart = position
                    let name = try readEndTag()
                    guard let innermost = open.last else {
                        position = tagStart
                        throw failure("</\(name)> closes no open element")
                    }
                    guard name == innermost else {
                        position = tagStart
                        throw failure("</\(name)> does not match the open <\(innermost)>")
                    }
                    flush(&handler)
                    handler.endElement(name)
                    open.removeLast()
                default:
                    let tagStart = position
                    let (name, isEmpty) = try readStartTag()
                    if let root, open.isEmpty {
                        position = tagStart
                        throw failure("a second root element <\(name)> after </\(root)>")
                    }
                    guard open.count < Self.maxDepth else {
                        position = tagStart
                        throw failure("elements nest deeper than \(Self.maxDepth) levels")
                    }
                    flush(&handler)
                    root = root ?? name
                    handler.startElement(name)
                    if isEmpty { handler.endElement(name) } else { open.append(name) }
                }
            } else if open.isEmpty {
                guard XMLCharacterClass.isSpace(byte) else {
                    throw failure(root == nil ? "text before the root element" : "text after the root element </\(root ?? "")>")
                }
                position += 1
            } else if byte == UInt8(ascii: "&") {
                try readReference(into: &text)
            } else {
                try readCharacterData(into: &text)
            }
        }
        if let innermost = open.last {
            throw failure("the document ends before </\(innermost)> (\(open.count) element\(open.count == 1 ? "" : "s") still open)")
        }
        if root == nil { throw failure("the document has no root element") }
    }

    /// Character data up to the next `<` or `&`, line ends normalised; `]]>` is refused.
    private mutating func readCharacterData(into text: inout [UInt8]) throws(XMLSyntaxError) {
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "<") || byte == UInt8(ascii: "&") { return }
            if byte == UInt8(ascii: "]"), isAt("]]>") { throw failure("\"]]>\" is not allowed in text (write ]]&gt;)") }
            try copyCharacter(into: &text)
        }
    }

    /// The start tag at `position` (`<name attr="v" ...>` or `.../>`): its name and
    /// whether it is empty. Attributes are checked: quoted, no `<`, valid references, no
    /// name twice.
    private mutating func readStartTag() throws(XMLSyntaxError) -> (name: String, isEmpty: Bool) {
        position += 1
        guard let name = readName() else { throw failure("\"<\" is not followed by an element name (write &lt; for a literal <)") }
        var attributes = Set<String>()
        while true {
            let hadSpace = skipSpaces()
            guard position < bytes.count else { throw failure("the document ends inside the tag <\(name)>") }
            if isAt("/>") { position += 2; return (name, true) }
            if bytes[position] == UInt8(ascii: ">") { position += 1; return (name, false) }
            guard hadSpace, let attribute = readName() else {
                throw failure("expected an attribute, \">\" or \"/>\" in the tag <\(name)>")
            }
            guard attributes.insert(attribute).inserted else {
                throw failure("attribute \(attribute) appears twice in <\(name)>")
            }
            skipSpaces()
            guard peek(0) == UInt8(ascii: "=") else { throw failure("attribute \(attribute) of <\(name)> has no \"=\"") }
            position += 1
            skipSpaces()
            guard let quote = peek(0), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
                throw failure("the value of attribute \(attribute) of <\(name)> is not quoted")
            }
            position += 1
            var ignored: [UInt8] = []
            while true {
                guard let byte = peek(0) else { throw failure("the document ends inside the tag <\(name)>") }
                if byte == quote { position += 1; break }
                if byte == UInt8(ascii: "<") { throw failure("\"<\" in the value of attribute \(attribute) of <\(name)>") }
                if byte == UInt8(ascii: "&") { try readReference(into: &ignored) } else { try copyCharacter(into: &ignored) }
                ignored.removeAll(keepingCapacity: true)
            }
        }
    }

    /// The end tag at `position` (`</name>`): its name.
    private mutating func readEndTag() throws(XMLSyntaxError) -> String {
        position += 2
        guard let name = readName() else { throw failure("\"</\" is not followed by an element name") }
        skipSpaces()
        guard peek(0) == UInt8(ascii: ">") else { throw failure("the end tag </\(name) is not closed by \">\"") }
        position += 1
        return name
    }

    /// The name at `position` (XML's `Name`), or nil (position unchanged) when none starts there.
    mutating func readName() -> String? {
        let start = position
        guard position < bytes.count, XMLCharacterClass.isNameStart(scalar(at: position).value) else { return nil }
        while position < bytes.count {
            let (value, length) = scalar(at: position)
            guard XMLCharacterClass.isName(value) else { break }
            position += length
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    /// Moves past white space; whether there was any.
    @discardableResult
    mutating func skipSpaces() -> Bool {
        let start = position
        while position < bytes.count, XMLCharacterClass.isSpace(bytes[position]) { position += 1 }
        return position > start
    }

    /// Appends the character at `position` to `text` and moves past it, "\r\n" and "\r"
    /// becoming "\n"; characters XML forbids (controls, U+FFFE, U+FFFF) are refused.
    mutating func copyCharacter(into text: inout [UInt8]) throws(XMLSyntaxError) {
        let byte = bytes[position]
        if byte == 0x0D {
            text.append(0x0A)
            position += peek(1) == 0x0A ? 2 : 1
            return
        }
        let (value, length) = scalar(at: position)
        guard XMLCharacterClass.isChar(value) else {
            throw failure("character U+\(String(value, radix: 16, uppercase: true)) is not allowed in XML")
        }
        text.append(contentsOf: bytes[position..<position + length])
        position += length
    }

    /// The scalar starting at `offset` and its length in bytes (the bytes are valid UTF-8).
    func scalar(at offset: Int) -> (value: UInt32, length: Int) {
        let lead = UInt32(bytes[offset])
        func continuation(_ k: Int) -> UInt32 { UInt32(bytes[offset + k] & 0x3F) }
        switch lead {
        case 0..<0x80: return (lead, 1)
        case 0xC0..<0xE0: return ((lead & 0x1F) << 6 | continuation(1), 2)
        case 0xE0..<0xF0: return ((lead & 0x0F) << 12 | continuation(1) << 6 | continuation(2), 3)
        default: return ((lead & 0x07) << 18 | continuation(1) << 12 | continuation(2) << 6 | continuation(3), 4)
        }
    }

    /// The byte `ahead` places past `position`, nil past the end.
    func peek(_ ahead: Int) -> UInt8? {
        position + ahead < bytes.count ? bytes[position + ahead] : nil
    }

    /// Whether the bytes at `position` spell `literal` (ASCII).
    func isAt(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        let pointer = literal.utf8Start
        for k in 0..<count where bytes[position + k] != pointer[k] { return false }
        return true
    }

    /// An error at `position`'s line.
    func failure(_ reason: String) -> XMLSyntaxError {
        XMLSyntaxError(line: XMLTextDecoding.line(of: position, in: bytes), reason: reason)
    }
}
