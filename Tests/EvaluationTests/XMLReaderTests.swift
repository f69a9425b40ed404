import Compute
import Foundation
import TestSupport
import Testing
@testable import Evaluation

/// dhscope's own XML reader against libxml2 (Foundation's XMLParser, linked by the tests
/// only): the same elements and text on well-formed documents, and an error with a line,
/// never a crash, on malformed ones.
@Suite struct XMLReaderTests {
    /// Documents exercising each construct the reader accepts.
    static let wellFormed: [String] = [
        "<a>plain</a>",
        "<?xml version=\"1.0\"?>\n<a>declared</a>",
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?><a/>",
        "\u{FEFF}<a>after a byte-order mark</a>",
        "<a><!-- a comment - with a dash --><b>x</b><!----></a>",
        "<a>be<!-- split -->fore<?pi some data?>after</a>",
        "<?style sheet?>\n<a>pi in the prolog</a>\n<?after root?>\n<!-- and a comment -->\n",
        "<a><![CDATA[<not> &a; tag]]>and text<![CDATA[]]></a>",
        "<a>&lt;&gt;&amp;&apos;&quot; &#65;&#x42;&#x000043;? &#x1F600; &#233;</a>",
        "<a k=\"v\" q='w' e=\"&amp;&#60;\" gt=\">\"><b   x = \"1\"\n/></a>",
        "<a>line\r\nwindows\rold mac\n</a>",
        "<!DOCTYPE annotation SYSTEM \"voc.dtd\">\n<annotation>typed</annotation>",
        "<!DOCTYPE a PUBLIC \"-//x//y\" 'z>[.dtd'><a/>",
        "<café><naïve>é ü 中文 🙂</naïve></café>",
        "<a>text with > and ]] and ]></a>",
        "<a_b.c-d><_x/><A1/></a_b.c-d>",
        "<a>  \n  <b>  spaced  </b>\n</a>  \n",
    ]

    @Test func wellFormedDocumentsGiveLibxml2sEvents() throws {
        for document in Self.wellFormed {
            let bytes = Array(document.utf8)
            let reference = try #require(ReferenceEvents.of(bytes), "libxml2 refuses \(document.debugDescription)")
            #expect(try ReaderEvents.of(bytes) == reference, "\(document.debugDescription)")
        }
    }

    @Test func vocCorpusFilesGiveLibxml2sEvents() throws {
        for name in ["a.xml", "empty.xml"] {
            let bytes = [UInt8](try Data(contentsOf: RepositoryFiles.url("Fuzz/Corpus/gt-voc/\(name)")))
            let reference = try #require(ReferenceEvents.of(bytes))
            #expect(try ReaderEvents.of(bytes) == reference, "\(name)")
        }
    }

    @Test func latin1AndASCIIDeclarationsAreDecoded() throws {
        var latin1 = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>caf".utf8)
        latin1 += [0xE9, 0xA0, 0xFF]  // é, no-break space, ÿ in Latin-1
        latin1 += Array("</a>".utf8)
        let reference = try #require(ReferenceEvents.of(latin1))
        #expect(try ReaderEvents.of(latin1) == reference)
        #expect(reference == [.start("a"), .text("café\u{A0}ÿ"), .end("a")])
        let ascii = Array("<?xml version=\"1.0\" encoding=\"us-ascii\"?><a>x</a>".utf8)
        #expect(try ReaderEvents.of(ascii) == ReferenceEvents.of(ascii))
    }

    /// Random documents built from every construct, with a fixed seed.
    @Test func randomDocumentsGiveLibxml2sEvents() throws {
        var random = SplitMix(seed: 15)
        let names = ["a", "object", "bndbox", "x_1", "é", "ns.part", "n-2"]
        let pieces = ["text", " ", "\n", "\r\n", "&amp;", "&lt;", "&#x3C;", "&#10;", "<![CDATA[ <b>&amp; ]]>",
                      "<!-- c -->", "<?p d?>", "ü", "🙂", "42", "\t", ">", "]"]
        for round in 0..<400 {
            var document = ""
            var open: [String] = []
            document += "<root>"
            for _ in 0..<Int(random.next() % 30) {
                switch random.next() % 4 {
                case 0 where open.count < 6:
                    let name = names[Int(random.next() % UInt64(names.count))]
                    let attribute = random.next() % 2 == 0 ? "" : " k=\"v&amp;\" j='2'"
                    if random.next() % 4 == 0 {
                        document += "<\(name)\(attribute)/>"
                    } else {
                        document += "<\(name)\(attribute)>"
                        open.append(name)
                    }
                case 1 where !open.isEmpty:
                    document += "</\(open.removeLast())>"
                default:
                    document += pieces[Int(random.next() % UInt64(pieces.count))]
                }
            }
            while let name = open.popLast() { document += "</\(name)>" }
            document += "</root>"
            let bytes = Array(document.utf8)
            let reference = try #require(ReferenceEvents.of(bytes), "round \(round): libxml2 refuses \(document.debugDescription)")
            #expect(try ReaderEvents.of(bytes) == reference, "round \(round): \(document.debugDescription)")
        }
    }

    /// Single-byte edits of a VOC file: the reader accepts exactly what libxml2 accepts,
    /// with the same events. ASCII edits only, and no "?": libxml2 crashes on some
    /// invalid UTF-8 and on `<?x?>`, which the reader refuses or reads cleanly.
    @Test func mutatedDocumentsAreAcceptedExactlyWhenLibxml2AcceptsThem() throws {
        let original = [UInt8](try Data(contentsOf: RepositoryFiles.url("Fuzz/Corpus/gt-voc/a.xml")))
        let alphabet = Array("<>/&;!-[]\"'= a#x1\n\r\t\u{01}".utf8)
        var random = SplitMix(seed: 5)
        var accepted = 0
        for round in 0..<1500 {
            var bytes = original
            for _ in 0...(random.next() % 3) {
                let at = Int(random.next() % UInt64(bytes.count))
                let byte = alphabet[Int(random.next() % UInt64(alphabet.count))]
                switch random.next() % 3 {
                case 0: bytes[at] = byte
                case 1: bytes.insert(byte, at: at)
                default: bytes.remove(at: at)
                }
            }
            let reference = ReferenceEvents.of(bytes)
            let ours = try? ReaderEvents.of(bytes)
            #expect(ours == reference, "round \(round): \(String(decoding: bytes, as: UTF8.self).debugDescription)")
            if ours != nil { accepted += 1 }
        }
        // Both outcomes occur, so the comparison checks both.
        #expect(accepted > 100 && accepted < 1400, "\(accepted) of 1500 accepted")
    }

    @Test func nestingIsLimitedWithoutRecursion() throws {
        func nested(_ depth: Int) -> [UInt8] {
            Array((String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth)).utf8)
        }
        #expect(try ReaderEvents.of(nested(XMLReader.maxDepth)).count == 2 * XMLReader.maxDepth)
        for depth in [XMLReader.maxDepth + 1, 100_000] {
            #expect(throws: XMLSyntaxError(line: 1, reason: "elements nest deeper than \(XMLReader.maxDepth) levels")) {
                _ = try ReaderEvents.of(nested(depth))
            }
        }
    }
}
