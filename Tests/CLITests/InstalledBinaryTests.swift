import Foundation
import TestSupport
import Testing

/// dhscope started through PATH from any folder (as after copying the binary into ~/bin)
/// still finds the files shipped beside its package: the themes and the demo model.
struct InstalledBinaryTests {
    @Test func shippedThemesAndTheDemoModelAreFoundFromAnyFolder() throws {
        let folder = try TemporaryFolder()
        let bin = CLIRunner.executable.deletingLastPathComponent().path
        let image = RepositoryFiles.path("Samples/images/shapes_s3_00000.png")
        let path = bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        for line in ["dhscope render '\(image)' --theme light --size 20x8 --colors none",
                     "dhscope detect '\(image)' --score-threshold 0.5"] {
            let r = try CLIRunner.run(["-c", line], environment: ["PATH": path], in: folder.url,
                                      program: URL(fileURLWithPath: "/bin/bash"))
            #expect(r.status == 0, "\(line): \(r.stderr)")
        }
    }
}
