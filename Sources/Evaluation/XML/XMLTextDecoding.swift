/// Turns a document's bytes into checked UTF-8 for `XMLReader`: the byte-order mark
/// removed, Latin-1 and ASCII converted or checked, every byte of UTF-8 validated.
enum XMLTextDecoding {
    /// The document as valid UTF-8 without a byte-order mark.
    static func utf8(_ bytes: [UInt8]) throws(XMLSyntaxError) -> [UInt8] {
        if bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE])
            || bytes.starts(with: [0x00, 0x3C]) || bytes.starts(with: [0x3C, 0x00]) {
            throw XMLSyntaxError(line: 1, reason: "UTF-16 documents are not supported; convert the file to UTF-8")
        }
        let hasMark = bytes.starts(with: [0xEF, 0xBB, 0xBF])
        let body = hasMark ? Array(bytes.dropFirst(3)) : bytes
        let encoding = try XMLDeclaration.parse(body)?.encoding ?? .utf8
        switch encoding {
        case .utf8:
            if let offset = firstInvalidUTF8Byte(body) {
                throw XMLSyntaxError(line: line(of: offset, in: body),
                                     reason: "byte \(offset + (hasMark ? 3 : 0)) is not valid UTF-8")
            }
            return body
        case .latin1, .ascii:
            if hasMark {
                throw XMLSyntaxError(line: 1, reason: "a UTF-8 byte-order mark starts a document declared as \(encoding.name)")
            }
            if encoding == .ascii, let offset = body.firstIndex(where: { $0 >= 0x80 }) {
                throw XMLSyntaxError(line: line(of: offset, in: body), reason: "byte \(offset) is not ASCII, as the declaration says")
            }
            var utf8: [UInt8] = []
            utf8.reserveCapacity(body.count + body.count / 8)
            for byte in body {
                if byte < 0x80 {
                    utf8.append(byte)
                } else {  // Latin-1 is the first 256 code points: two bytes in UTF-8.
                    utf8.append(0xC0 | byte >> 6)
                    utf8.append(0x80 | byte & 0x3F)
                }
            }
            return utf8
        }
    }

    /// 1-based line of byte `offset`.
    static func line(of offset: Int, in bytes: [UInt8]) -> Int {
        1 + bytes[..<min(offset, bytes.count)].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }

    /// The offset of the first byte that is not part of valid UTF-8, if any.
    static func firstInvalidUTF8Byte(_ bytes: [UInt8]) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .emptyInput: return nil
            case .error(let length): _ = length; return offset
            }
        }
    }
}
