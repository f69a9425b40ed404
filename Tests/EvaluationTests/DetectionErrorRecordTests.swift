import Foundation
@testable import Evaluation
import Testing

/// `eval --errors` writes its lines by hand for speed; they must be the text JSONEncoder writes.
struct DetectionErrorRecordTests {
    static func encoded(_ record: DetectionErrorRecord) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(record), as: UTF8.self)
    }

    @Test func jsonLineIsWhatJSONEncoderWrites() throws {
        var generator = SystemRandomNumberGenerator()
        let files = ["a.png", "dir/with slash.jpg", "quote\"back\\slash.png", "tab\tnew\nline\u{01}.png", "日本語 ✓.jpg", ""]
        let numbers: [Double] = [0, 1, 57, -3, 0.9, 0.1 + 0.2, 1e-7, 1.5e-5, 123456.75, 48.801856994628906, 1e15 + 2, 3e20, 0.3333333333333333]
        var checked = 0
        for kind in DetectionLabel.Kind.allCases {
            for file in files {
                for _ in 0..<20 {
                    func pick() -> Double { numbers.randomElement(using: &generator) ?? 0 }
                    let record = DetectionErrorRecord(
                        variant: kind == .tp ? "dh-ext" : "results", imageID: Int.random(in: 0...1_000_000, using: &generator),
                        file: file, type: kind, categoryID: Int.random(in: 1...90, using: &generator),
                        score: kind == .miss ? nil : pick(), box: kind == .miss ? nil : [pick(), pick(), pick(), pick()],
                        groundTruthID: kind == .bkg ? nil : 7, groundTruthCategoryID: kind == .bkg ? nil : 3,
                        groundTruthBox: kind == .bkg ? nil : [pick(), pick(), pick(), pick()],
                        iou: kind == .bkg || kind == .miss ? nil : pick())
                    #expect(record.jsonLine == (try Self.encoded(record)))
                    checked += 1
                }
            }
        }
        #expect(checked == 7 * files.count * 20)
        // Not finite: null, as the encoder's wrapper writes it.
        let nan = DetectionErrorRecord(variant: "fc", imageID: 1, file: "a", type: .tp, categoryID: 1, score: .nan,
                                       box: [.infinity, 0, 1, 2], groundTruthID: 1, groundTruthCategoryID: 1,
                                       groundTruthBox: [0, 0, 1, 1], iou: .nan)
        #expect(nan.jsonLine.contains("\"score\":null") && nan.jsonLine.contains("\"iou\":null"))
    }
}
