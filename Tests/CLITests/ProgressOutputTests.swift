import Foundation
import TestSupport
import Testing

/// Progress is redrawn in place (carriage return, erase line) only on a terminal; a
/// redirected stderr gets plain lines a log can keep.
struct ProgressOutputTests {
    @Test func redirectedStderrGetsNoTerminalControls() throws {
        let folder = try TemporaryFolder()
        let gt = try folder.write(#"{"images": [{"id": 1, "file_name": "baseline.jpg", "width": 64, "height": 48}], "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [10, 8, 30, 24], "area": 720, "iscrowd": 0}], "categories": [{"id": 1, "name": "square"}]}"#, to: "gt.json")
        let fixtures = RepositoryFiles.path(SharedFixtures.images)
        let commands = [
            ["analyze", "--gt", gt, "--images", fixtures, "--model", DetectorCommandTests.model, "--per-bin", "1"],
            ["eval", "--gt", gt, "--images", fixtures, "--model", DetectorCommandTests.model],
        ]
        for arguments in commands {
            let r = try CLIRunner.run(arguments)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(!r.stderr.contains("\r") && !r.stderr.contains("\u{1B}["), "\(arguments[0]): \(r.stderr.debugDescription)")
            #expect(r.stderr.contains("1/1"), "\(arguments[0]) reports progress as plain lines: \(r.stderr)")
        }
    }

    /// On a terminal (a pseudo-terminal from script(1)) the line is redrawn in place.
    @Test func aTerminalGetsTheLineRedrawnInPlace() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { return }
        let folder = try TemporaryFolder()
        let gt = try folder.write(#"{"images": [{"id": 1, "file_name": "baseline.jpg", "width": 64, "height": 48}], "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [10, 8, 30, 24], "area": 720, "iscrowd": 0}], "categories": [{"id": 1, "name": "square"}]}"#, to: "gt.json")
        let fixtures = RepositoryFiles.path(SharedFixtures.images)
        let command = [CLIRunner.executable.path, "analyze", "--gt", gt, "--images", fixtures,
                       "--model", DetectorCommandTests.model, "--per-bin", "1", "--json"]
            .map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        // stdout goes to a file, so the pseudo-terminal carries only stderr.
        let out = folder.file("out.json")
        let r = try CLIRunner.run(["-qec", command + " > '\(out)'", "/dev/null"], program: URL(fileURLWithPath: "/usr/bin/script"))
        #expect(r.status == 0, "\(r.stdout) \(r.stderr)")
        #expect(r.stdout.contains("\r\u{1B}[K"), "\(r.stdout.debugDescription)")
    }
}
