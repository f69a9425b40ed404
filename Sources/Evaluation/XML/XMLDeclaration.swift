/// A document's XML declaration (`<?xml version="1.0" encoding="..."?>`) and the text
/// encoding it names, which decides how the bytes become UTF-8.
struct XMLDeclaration: Equatable, Sendable {
    /// The encodings accepted: what annotation tools write.
    enum Encoding: Equatable, Sendable {
        case utf8, latin1, ascii

        /// The encoding an `encoding="..."` value names, if this reader accepts it.
        init?(label: String) {
            switch label.lowercased() {
            case "utf-8", "utf8": self = .utf8
            case "iso-8859-1", "iso_8859-1", "iso8859-1", "latin1", "latin-1", "l1": self = .latin1
            case "us-ascii", "ascii": self = .ascii
            default: return nil
            }
        }

        /// The encoding's name as declarations write it.
        var name: String {
            switch self {
            case .utf8: return "UTF-8"
            case .latin1: return "ISO-8859-1"
            case .ascii: return "US-ASCII"
            }
        }
    }

    /// The declared encoding (UTF-8 when the declaration names none).
    var encoding: Encoding
    /// Bytes the declaration spans from the start of `bytes` given to `parse`.
    var length: Int

    /// The declaration that starts `bytes`, nil when there is none. The declaration is
    /// ASCII in every accepted encoding, so it is read before the rest is decoded.
    static func parse(_ bytes: [UInt8]) throws(XMLSyntaxError) -> XMLDeclaration? {
        let opening = Array("<?xml".utf8)
        guard bytes.starts(with: opening), bytes.count > opening.count,
              XMLCharacterClass.isSpace(bytes[opening.count]) else { return nil }
        var position = opening.count
        var fields: [(name: String, value: String)] = []
        func fail(_ reason: String) -> XMLSyntaxError {
            XMLSyntaxError(line: 1 + bytes[..<min(position, bytes.count)].filter { $0 == 0x0A }.count, reason: reason)
        }
        while true {
            let spaceStart = position
            while position < bytes.count, XMLCharacterClass.isSpace(bytes[position]) { position += 1 }
            guard position < bytes.count else { throw fail("the XML declaration (<?xml ...?>) is not closed") }
            if bytes[position...].starts(with: Array("?>".utf8)) {
                position += 2
                break
            }
            guard position > spaceStart else { throw fail("expected a space or \"?>\" in the XML declaration") }
            let nameStart = position
            while position < bytes.count, (0x61...0x7A).contains(bytes[position]) { position += 1 }
            let name = String(decoding: bytes[nameStart..<position], as: UTF8.self)
            while position < bytes.count, XMLCharacterClass.isSpace(bytes[position]) { position += 1 }
            guard !name.isEmpty, position < bytes.count, bytes[position] == UInt8(ascii: "=") else {
                throw fail("expected version=, encoding= or standalone= in the XML declaration")
            }
            position += 1
            while position < bytes.count, XMLCharacterClass.isSpace(bytes[position]) { position += 1 }
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") || bytes[position] == UInt8(ascii: "'") else {
                throw fail("the value of \(name) in the XML declaration is not quoted")
            }
            let quote = bytes[position]
            position += 1
            let valueStart = position
            while position < bytes.count, bytes[position] != quote {
                guard bytes[position] >= 0x20, bytes[position] < 0x7F else {
                    throw fail("the value of \(name) in the XML declaration is not printable ASCII")
                }
                position += 1
            }
            guard position < bytes.count else { throw fail("the XML declaration (<?xml ...?>) is not closed") }
            fields.append((name, String(decoding: bytes[valueStart..<position], as: UTF8.self)))
            position += 1
        }
        // version, then optional encoding, then optional standalone, each once (production 23).
        let names = fields.map(\.name)
        guard names.first == "version", ["version", "version encoding", "version standalone",
                                         "version encoding standalone"].contains(names.joined(separator: " ")) else {
            throw fail("the XML declaration must hold version=, then optionally encoding= and standalone=, "
                       + "found \(names.isEmpty ? "nothing" : names.joined(separator: ", "))")
        }
        let version = fields[0].value
        guard version.hasPrefix("1."), version.count > 2, version.dropFirst(2).allSatisfy(\.isASCIIDigit) else {
            throw fail("XML version \"\(version)\" is not 1.x")
        }
        var encoding = Encoding.utf8
        if let label = fields.first(where: { $0.name == "encoding" })?.value {
            guard let named = Encoding(label: label) else {
                throw fail("encoding \"\(label)\" is not supported (UTF-8, ISO-8859-1 and US-ASCII are); "
                           + "convert the file to UTF-8")
            }
            encoding = named
        }
        if let standalone = fields.first(where: { $0.name == "standalone" })?.value, standalone != "yes", standalone != "no" {
            throw fail("standalone=\"\(standalone)\" in the XML declaration is neither yes nor no")
        }
        return XMLDeclaration(encoding: encoding, length: position)
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
