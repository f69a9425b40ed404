import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import Evaluation

/// What a reader reports, in order: element starts and ends, and the text between two tags
/// (concatenated, as the VOC collector uses it).
enum XMLEvent: Equatable, CustomStringConvertible {
    case start(String), text(String), end(String)

    var description: String {
        switch self {
        case .start(let name): return "<\(name)>"
        case .text(let text): return "\(text.debugDescription)"
        case .end(let name): return "</\(name)>"
        }
    }
}

/// The events of dhscope's `XMLReader`.
struct ReaderEvents: XMLContentHandler {
    var events: [XMLEvent] = []
    mutating func startElement(_ name: String) { events.append(.start(name)) }
    mutating func characters(_ text: String) { events.append(.text(text)) }
    mutating func endElement(_ name: String) { events.append(.end(name)) }

    static func of(_ bytes: [UInt8]) throws -> [XMLEvent] {
        var handler = ReaderEvents()
        try XMLReader.read(bytes, into: &handler)
        return handler.events
    }
}

/// The same events from Foundation's XMLParser (libxml2), the reference the reader is
/// checked against: the test target links it, dhscope does not. Only well-formed
/// documents without data-less processing instructions are given to it (it crashes on
/// some malformed ones).
final class ReferenceEvents: NSObject, XMLParserDelegate {
    private var events: [XMLEvent] = []
    private var text = ""
    private var failed = false

    /// The events, or nil when libxml2 finds the document malformed.
    static func of(_ bytes: [UInt8]) -> [XMLEvent]? {
        let collector = ReferenceEvents()
        let parser = XMLParser(data: Data(bytes))
        parser.delegate = collector
        guard parser.parse(), !collector.failed else { return nil }
        return collector.events
    }

    private func flush() {
        if !text.isEmpty { events.append(.text(text)) }
        text = ""
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        flush()
        events.append(.start(elementName))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) { text += String(decoding: CDATABlock, as: UTF8.self) }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        flush()
        events.append(.end(elementName))
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) { failed = true }
}
