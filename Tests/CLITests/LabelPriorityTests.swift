import Foundation
import TestSupport
import Testing

/// When labels compete for room, the earlier box (the higher score) keeps its label:
/// a later label never overwrites one already drawn.
struct LabelPriorityTests {
    static let image = RepositoryFiles.path(SharedFixtures.baselineImage)

    /// The cells of `output` (rendered with --colors none) as text, escapes removed.
    func text(_ output: String) -> [String] {
        let plain = output.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
        return plain.split(separator: "\n").map(String.init)
    }

    @Test func aLowScoreLabelNeverOverwritesAHigherOne() throws {
        let folder = try TemporaryFolder()
        // Twelve boxes at one place, best first: only eight label spots exist around it.
        let entries = (0..<12).map { i in
            #"{"box": [8, 8, 56, 40], "label": "class\#(i)", "score": \#(String(format: "%.2f", 0.99 - Double(i) * 0.08))}"#
        }
        let boxes = try folder.write("[" + entries.joined(separator: ", ") + "]", to: "boxes.json")
        let r = try CLIRunner.run(["render", Self.image, "--boxes", boxes, "--size", "40x15", "--stretch", "--colors", "none"])
        #expect(r.status == 0, "\(r.stderr)")
        let screen = text(r.stdout).joined(separator: "\n")
        #expect(screen.contains("class0 0.99"), "\(screen)")
        #expect(screen.contains("class1 0.91"), "\(screen)")
        for i in 0..<12 {
            // Every label shown is shown whole: no label is cut into by another.
            let label = "class\(i) " + String(format: "%.2f", 0.99 - Double(i) * 0.08)
            if screen.contains("class\(i) ") { #expect(screen.contains(label), "\(label) was overwritten:\n\(screen)") }
        }
    }

    @Test func theDemoModelsBestDetectionsKeepTheirLabels() throws {
        let image = RepositoryFiles.path("Samples/images/shapes_s3_00007.png")
        let detect = try CLIRunner.run(["detect", image, "--json"])
        #expect(detect.status == 0, "\(detect.stderr)")
        let detections = ((try JSON.object(detect.stdout)["images"] as? [[String: Any]])?.first?["detections"] as? [[String: Any]]) ?? []
        let best = detections.prefix(3).map { d in
            "\(d["label"] as? String ?? "") " + String(format: "%.2f", (d["score"] as? Double) ?? 0)
        }
        #expect(best.count == 3)
        let r = try CLIRunner.run(["render", image, "--model", "demo", "--size", "100x40", "--colors", "none"])
        #expect(r.status == 0, "\(r.stderr)")
        let screen = text(r.stdout).joined(separator: "\n")
        for label in best { #expect(screen.contains(label), "\(label) is missing or overwritten:\n\(screen)") }
    }
}
