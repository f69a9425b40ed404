/// The markup between tags: comments, processing instructions, CDATA sections, the
/// document type, and references.
extension XMLReader {
    /// `<!-- ... -->`; "--" inside is refused, as XML requires.
    mutating func skipComment() throws(XMLSyntaxError) {
        position += 4
        var ignored: [UInt8] = []
        while position < bytes.count {
            if isAt("--") {
                guard isAt("-->") else { throw failure("\"--\" inside a comment") }
                position += 3
                return
            }
            try copyCharacter(into: &ignored)
            ignored.removeAll(keepingCapacity: true)
        }
        throw failure("a comment (<!--) is not closed by -->")
    }

    /// `<?target ...?>`, which annotation formats never need: checked and dropped. The XML
    /// declaration has been read before; `<?xml` anywhere else is refused.
    mutating func skipProcessingInstruction() throws(XMLSyntaxError) {
        position += 2
        guard let target = readName() else { throw failure("a processing instruction (<?) has no target name") }
        guard target.lowercased() != "xml" else {
            throw failure("an XML declaration (<?xml ...?>) may only begin the document")
        }
        if isAt("?>") { position += 2; return }
        guard skipSpaces() || position == bytes.count else { throw failure("expected a space or \"?>\" after <?\(target)") }
        var ignored: [UInt8] = []
        while position < bytes.count {
            if isAt("?>") { position += 2; return }
            try copyCharacter(into: &ignored)
            ignored.removeAll(keepingCapacity: true)
        }
        throw failure("the processing instruction <?\(target) is not closed by ?>")
    }

    /// `<![CDATA[ ... ]]>`: its characters are text, taken literally.
    mutating func readCDATA(into text: inout [UInt8]) throws(XMLSyntaxError) {
        position += 9
        while position < bytes.count {
            if isAt("]]>") { position += 3; return }
            try copyCharacter(into: &text)
        }
        throw failure("a CDATA section (<![CDATA[) is not closed by ]]>")
    }

    /// `<!DOCTYPE name ...>` without an internal subset: skipped (nothing is validated and
    /// no entity but the predefined five exists).
    mutating func skipDocumentType() throws(XMLSyntaxError) {
        position += 9
        guard skipSpaces(), readName() != nil else { throw failure("<!DOCTYPE is not followed by a name") }
        var ignored: [UInt8] = []
        var quote: UInt8?
        while let byte = peek(0) {
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: "[") {
                throw failure("internal DTD subsets (<!DOCTYPE ... [ ... ]>) are not supported")
            } else if byte == UInt8(ascii: ">") {
                position += 1
                return
            }
            try copyCharacter(into: &ignored)
            ignored.removeAll(keepingCapacity: true)
        }
        throw failure("the document type (<!DOCTYPE) is not closed by \">\"")
    }

    /// `&lt;`, `&gt;`, `&amp;`, `&apos;`, `&quot;`, `&#N;` or `&#xH;`: appends the character.
    mutating func readReference(into text: inout [UInt8]) throws(XMLSyntaxError) {
        position += 1
        if peek(0) == UInt8(ascii: "#") {
            position += 1
            let hex = peek(0) == UInt8(ascii: "x")
            if hex { position += 1 }
            var value: UInt32 = 0
            var digits = 0
            while let byte = peek(0), let digit = Self.digit(byte, hex: hex) {
                value = value * (hex ? 16 : 10) + digit
                digits += 1
                position += 1
                // Past the last code point: refused before it can overflow.
                guard value <= 0x10FFFF else { throw failure("a character reference past U+10FFFF") }
            }
            guard digits > 0, peek(0) == UInt8(ascii: ";") else {
                throw failure("a character reference (&#...;) needs \(hex ? "hexadecimal " : "")digits and a \";\"")
            }
            position += 1
            guard XMLCharacterClass.isChar(value), let scalar = Unicode.Scalar(value) else {
                throw failure("character reference &#\(hex ? "x" : "")\(String(value, radix: hex ? 16 : 10)); names a character XML forbids")
            }
            text.append(contentsOf: Array(String(scalar).utf8))
            return
        }
        guard let name = readName(), peek(0) == UInt8(ascii: ";") else {
            throw failure("\"&\" starts no reference (write &amp; for a literal &)")
        }
        position += 1
        switch name {
        case "lt": text.append(UInt8(ascii: "<"))
        case "gt": text.append(UInt8(ascii: ">"))
        case "amp": text.append(UInt8(ascii: "&"))
        case "apos": text.append(UInt8(ascii: "'"))
        case "quot": text.append(UInt8(ascii: "\""))
        default:
            throw failure("unknown entity &\(name); (only &lt; &gt; &amp; &apos; &quot; and &#...; are defined)")
        }
    }

    /// The value of a decimal or hexadecimal digit, nil for any other byte.
    private static func digit(_ byte: UInt8, hex: Bool) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f") where hex: return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F") where hex: return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }
}
