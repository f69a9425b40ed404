import Foundation
import TestSupport
import Testing

/// Values out of range are refused with a message naming the option and its valid range,
/// never silently changed; negative numbers reach the option's own check; and a usage
/// error shows the subcommand's usage, not the top level's.
struct ValueValidationTests {
    static let model = DetectorCommandTests.model
    static let image = RepositoryFiles.path(SharedFixtures.baselineImage)

    func expectRefused(_ arguments: [String], mentioning needles: [String], usage: String? = nil,
                       sourceLocation: SourceLocation = #_sourceLocation) throws {
        let r = try CLIRunner.run(arguments)
        #expect(r.status != 0, "\(arguments) must fail; stdout: \(r.stdout.prefix(300))", sourceLocation: sourceLocation)
        for needle in needles {
            #expect(r.stderr.contains(needle), "\(arguments): expected \"\(needle)\" in: \(r.stderr)", sourceLocation: sourceLocation)
        }
        #expect(!r.stderr.contains("Missing value"), "\(arguments): \(r.stderr)", sourceLocation: sourceLocation)
        if let usage {
            #expect(r.stderr.contains("Usage: \(usage)"), "\(arguments): the subcommand's usage: \(r.stderr)",
                    sourceLocation: sourceLocation)
        }
    }

    @Test func countsBelowOneAreRefused() throws {
        let folder = try TemporaryFolder()
        let gt = try folder.write(#"{"images": [{"id": 1, "file_name": "baseline.jpg", "width": 64, "height": 48}], "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [10, 8, 30, 24], "area": 720, "iscrowd": 0}], "categories": [{"id": 1, "name": "square"}]}"#, to: "gt.json")
        let fixtures = (Self.image as NSString).deletingLastPathComponent
        try expectRefused(["analyze", "--gt", gt, "--images", fixtures, "--model", Self.model, "--per-bin", "0"],
                          mentioning: ["--per-bin", "0", "1"], usage: "dhscope analyze")
        try expectRefused(["bench", "detect", "--model", Self.model, "--iterations", "0"],
                          mentioning: ["--iterations", "1"], usage: "dhscope bench detect")
        try expectRefused(["bench", "--model", Self.model, "--iterations", "0"], mentioning: ["--iterations", "1"])
        try expectRefused(["bench", "render", Self.image, "--iterations", "0"],
                          mentioning: ["--iterations", "1"], usage: "dhscope bench render")
        try expectRefused(["bench", "tui", Self.image, "--model", Self.model, "--iterations", "0"],
                          mentioning: ["--iterations", "1"], usage: "dhscope bench tui")
        try expectRefused(["bench", "detect", "--model", Self.model, "--proposals", "0"], mentioning: ["--proposals", "1"])
    }

    @Test func scoreThresholdsOutsideZeroToOneAreRefused() throws {
        for value in ["nan", "1.5", "-0.1", "inf"] {
            try expectRefused(["detect", Self.image, "--model", Self.model, "--score-threshold", value],
                              mentioning: ["--score-threshold", value, "0", "1"], usage: "dhscope detect")
        }
    }

    @Test func aFolderWithoutImagesIsAnError() throws {
        let folder = try TemporaryFolder()
        try folder.write("not an image", to: "notes.txt")
        try expectRefused(["detect", folder.path, "--model", Self.model], mentioning: [folder.path, "no JPEG or PNG"])
        try expectRefused(["detect", folder.path, "--model", Self.model, "--json"], mentioning: [folder.path, "no JPEG or PNG"])
    }

    @Test func negativeNumbersReachTheirOptionsCheck() throws {
        try expectRefused(["inspect", Self.image, "--model", Self.model, "--roi", "-1"],
                          mentioning: ["--roi -1", "out of range"])
        try expectRefused(["render", Self.image, "--size", "-5x10"], mentioning: ["--size", "-5x10", "1000"],
                          usage: "dhscope render")
        try expectRefused(["bench", "render", Self.image, "--size", "-5x10"], mentioning: ["--size", "-5x10"],
                          usage: "dhscope bench render")
        try expectRefused(["bench", "tui", Self.image, "--size", "-5x10"], mentioning: ["--size", "-5x10"],
                          usage: "dhscope bench tui")
        try expectRefused(["bench", "detect", "--size", "-5x10"], mentioning: ["--size", "-5x10"],
                          usage: "dhscope bench detect")
        try expectRefused(["render", Self.image, "--max-pixels", "-1"], mentioning: ["--max-pixels", "-1"])
    }

    @Test func aBadSizeShowsTheSubcommandsUsage() throws {
        for size in ["5", "axb", "0x5"] {
            try expectRefused(["render", Self.image, "--size", size], mentioning: ["--size", size], usage: "dhscope render")
        }
    }

    /// Sizes no terminal shows are refused at once (not rendered for a minute into 85 MB),
    /// unless --force is given.
    @Test func sizesBeyondAnyTerminalNeedForce() throws {
        let started = Date()
        try expectRefused(["render", Self.image, "--size", "10000x10000"], mentioning: ["--size 10000x10000", "--force", "1000"])
        #expect(Date().timeIntervalSince(started) < 10)
        try expectRefused(["render", Self.image, "--size", "1001x2"], mentioning: ["--force"])
        let forced = try CLIRunner.run(["render", Self.image, "--size", "1001x2", "--stretch", "--force", "--colors", "none"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(forced.stdout.split(separator: "\n").first?.unicodeScalars.count == 1001)
    }
}
