import Foundation
import Evaluation
import TestSupport
import Testing

/// Malformed VOC files: each an `EvaluationError.malformedXML` naming the file, the line
/// and the problem.
@Suite struct VOCMalformedTests {
    /// Document, the line of the problem, and words of the message.
    static let cases: [(document: [UInt8], line: Int, reason: String)] = [
        (Array("<annotation>\n<filename>a.jpg</filename>\n".utf8), 3, "ends before </annotation>"),
        (Array("<annotation>\n<size></annotation>".utf8), 2, "</annotation> does not match the open <size>"),
        (Array("<annotation>\n<filename>a".utf8) + [0xFF] + Array(".jpg</filename></annotation>".utf8), 2, "byte 24 is not valid UTF-8"),
        (Array("<annotation>".utf8) + [0xC3] + Array("</annotation>".utf8), 1, "byte 12 is not valid UTF-8"),
        (Array("<?x?>".utf8), 1, "no root element"),
        (Array("<?x".utf8), 1, "<?x is not closed"),
        (Array("".utf8), 1, "no root element"),
        (Array("<annotation><filename>a&nbsp;</filename></annotation>".utf8), 1, "unknown entity &nbsp;"),
        (Array("<annotation>AT&T</annotation>".utf8), 1, "write &amp;"),
        (Array("<annotation>&#0;</annotation>".utf8), 1, "names a character XML forbids"),
        (Array("<annotation>&#X41;</annotation>".utf8), 1, "needs digits"),
        (Array("<annotation>&#x;</annotation>".utf8), 1, "needs hexadecimal digits"),
        (Array("<annotation>&#x110000;</annotation>".utf8), 1, "past U+10FFFF"),
        (Array("<annotation>\u{01}</annotation>".utf8), 1, "U+1 is not allowed"),
        (Array("<annotation><!-- a -- b --></annotation>".utf8), 1, "\"--\" inside a comment"),
        (Array("<annotation><!-- open".utf8), 1, "comment (<!--) is not closed"),
        (Array("<annotation>a]]>b</annotation>".utf8), 1, "\"]]>\" is not allowed"),
        (Array("<annotation><![CDATA[x</annotation>".utf8), 1, "CDATA section (<![CDATA[) is not closed"),
        (Array("<annotation/>\n<annotation/>".utf8), 2, "a second root element <annotation>"),
        (Array("junk<annotation/>".utf8), 1, "text before the root element"),
        (Array("<annotation/>junk".utf8), 1, "text after the root element"),
        (Array("<annotation a=1/>".utf8), 1, "not quoted"),
        (Array("<annotation a='1' a='2'/>".utf8), 1, "attribute a appears twice"),
        (Array("<annotation a='<'/>".utf8), 1, "\"<\" in the value of attribute a"),
        (Array("<annotation a='1'b='2'/>".utf8), 1, "expected an attribute"),
        (Array("<annotation>< filename/></annotation>".utf8), 1, "not followed by an element name"),
        (Array("<annotation></annotation >".utf8) + Array("</x>".utf8), 1, "</x> closes no open element"),
        (Array("<annotation><?xml version='1.0'?></annotation>".utf8), 1, "may only begin the document"),
        (Array("<!DOCTYPE a [<!ENTITY e 'x'>]><a>&e;</a>".utf8), 1, "internal DTD subsets"),
        (Array("<?xml version=\"1.0\" encoding=\"windows-1252\"?><a/>".utf8), 1, "encoding \"windows-1252\" is not supported"),
        (Array("<?xml version=\"2.0\"?><a/>".utf8), 1, "XML version \"2.0\" is not 1.x"),
        (Array("<?xml encoding=\"UTF-8\"?><a/>".utf8), 1, "must hold version="),
        (Array("<?xml version=\"1.0\"".utf8), 1, "XML declaration (<?xml ...?>) is not closed"),
        ([0xFF, 0xFE] + Array("<\0a\0/\0>\0".utf8), 1, "UTF-16 documents are not supported"),
        (Array("<?xml version=\"1.0\" encoding=\"ascii\"?>\n<a>".utf8) + [0xE9] + Array("</a>".utf8), 2, "is not ASCII"),
    ]

    @Test func malformedDocumentsNameTheFileLineAndProblem() {
        for (document, line, reason) in Self.cases {
            do {
                _ = try VOCLoader.parse(Data(document), path: "bad.xml")
                Issue.record("accepted \(String(decoding: document, as: UTF8.self).debugDescription)")
            } catch {
                guard case let .malformedXML(path, message) = error else {
                    Issue.record("\(error) for \(String(decoding: document, as: UTF8.self).debugDescription)")
                    continue
                }
                #expect(path == "bad.xml")
                #expect(message.hasPrefix("line \(line): "), "\(message)")
                #expect(message.contains(reason), "\(message)")
            }
        }
    }

    /// Every cut of a VOC file before its last ">" is refused.
    @Test func truncatedFilesAreRefused() throws {
        let document = [UInt8](try Data(contentsOf: RepositoryFiles.url("Fuzz/Corpus/gt-voc/a.xml")))
        let end = try #require(document.lastIndex(of: UInt8(ascii: ">")))
        for length in 0...end {
            #expect(throws: EvaluationError.self, "first \(length) bytes") {
                _ = try VOCLoader.parse(Data(document[..<length]), path: "cut.xml")
            }
        }
    }

    /// A data-less processing instruction (`<?x?>`, which crashed FoundationXML) is read
    /// and dropped like any other.
    @Test func processingInstructionsInsideAreDropped() throws {
        let image = try VOCLoader.parse(Data("<annotation><?x?><filename>a<?y z?>.jpg</filename></annotation>".utf8), path: "pi.xml")
        #expect(image.fileName == "a.jpg")
    }
}
