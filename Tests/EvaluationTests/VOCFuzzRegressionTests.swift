import Foundation
import Evaluation
import TestSupport
import Testing

/// VOC documents the fuzzer found crashing FoundationXML: now a clear error.
struct VOCFuzzRegressionTests {
    static let folder = RepositoryFiles.url("Fuzz/Regressions/gt-voc")

    @Test func crashingDocumentsNowFailCleanly() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0.hasPrefix("crash-") }
        #expect(!files.isEmpty)
        for name in files {
            let data = try Data(contentsOf: Self.folder.appendingPathComponent(name))
            #expect(throws: EvaluationError.self, "\(name)") { try VOCLoader.parse(data, path: name) }
        }
    }

    @Test func latin1DocumentsStillParse() throws {
        var data = Data("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><annotation><filename>caf".utf8)
        data.append(0xE9)  // é in Latin-1
        data.append(Data(".jpg</filename><size><width>10</width><height>10</height></size></annotation>".utf8))
        let image = try VOCLoader.parse(data, path: "latin1.xml")
        #expect(image.fileName == "café.jpg")
    }
}
