import Foundation
import Imaging
import TestSupport
import Testing

struct RenderCommandTests {
    static let image = RepositoryFiles.path(SharedFixtures.baselineImage)

    @Test func rendersAtTheRequestedSize() throws {
        let r = try CLIRunner.run(["render", Self.image, "--size", "40x10", "--stretch", "--colors", "truecolor"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 10)
        #expect(r.stdout.contains("\u{1B}[38;2;") || r.stdout.contains("\u{1B}[48;2;"))
    }

    @Test func keepsAspectRatioWithoutStretch() throws {
        // 64x48 image in at most 80x40 cells of 1:2: 80 columns would need 30 rows.
        let r = try CLIRunner.run(["render", Self.image, "--size", "80x40", "--colors", "none"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 30)
        #expect(lines.allSatisfy { $0.unicodeScalars.count == 80 })
    }

    @Test func defaultsTo80x24WhenNotATerminal() throws {
        let r = try CLIRunner.run(["render", Self.image, "--stretch"])
        #expect(r.stdout.split(separator: "\n").count == 24)
    }

    @Test func honoursNoColor() throws {
        let r = try CLIRunner.run(["render", Self.image, "--size", "20x5"], environment: ["NO_COLOR": "1", "COLORTERM": "truecolor"])
        #expect(r.status == 0)
        #expect(!r.stdout.contains("\u{1B}[3") && !r.stdout.contains("\u{1B}[4"))
        let forced = try CLIRunner.run(["render", Self.image, "--size", "20x5", "--colors", "256"], environment: ["NO_COLOR": "1"])
        #expect(forced.stdout.contains("\u{1B}[38;5;") || forced.stdout.contains("\u{1B}[48;5;"))
    }

    @Test func drawsBoxesAndLabelsFromAFile() throws {
        let folder = try TemporaryFolder()
        let dir = folder.url
        let boxes = dir.appendingPathComponent("boxes.json")
        try Data(#"[{"box": [4, 4, 60, 44], "label": "hexagon", "score": 0.97}]"#.utf8).write(to: boxes)
        let r = try CLIRunner.run(["render", Self.image, "--size", "60x20", "--stretch",
                                   "--colors", "truecolor", "--boxes", boxes.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("hexagon 0.97"))
        let png = dir.appendingPathComponent("out.png")
        let w = try CLIRunner.run(["render", Self.image, "--boxes", boxes.path, "--png", png.path])
        #expect(w.status == 0, "\(w.stderr)")
        #expect(FileManager.default.fileExists(atPath: png.path))
    }

    /// A JPEG shown in pixels is decoded reduced (libjpeg's DCT scaling), while boxes are in the
    /// full image's pixels: they must land where they do when the same picture comes as a PNG
    /// (decoded whole). Misplaced by the reduction (0.75 here), 182 pixels differ by over 60.
    @Test func pixelsOfAReducedJPEGKeepTheBoxesWhereTheFullImageHasThem() throws {
        let folder = try TemporaryFolder()
        let png = folder.url.appendingPathComponent("whole.png").path
        try PNGEncoder.write(try ImageDecoder().decodeRGB(contentsOf: Self.image), to: png)
        let boxes = folder.url.appendingPathComponent("boxes.json")
        try Data(#"[{"box": [8, 8, 40, 32], "label": "hexagon", "score": 0.97}]"#.utf8).write(to: boxes)
        func bitmap(_ image: String) throws -> (size: String, pixels: [UInt8]) {
            let r = try CLIRunner.run(["render", image, "--pixels", "kitty", "--size", "4x2", "--cell-size", "8x12", "--boxes", boxes.path])
            #expect(r.status == 0, "\(r.stderr)")
            // APC commands ESC _ G control ; base64 ESC \, the control keys on the first.
            let commands = r.stdout.components(separatedBy: "\u{1B}_G").dropFirst()
            let keys = commands.first?.split(separator: ";").first?.split(separator: ",") ?? []
            let size = keys.filter { $0.hasPrefix("s=") || $0.hasPrefix("v=") }.joined(separator: ",")
            var base64 = ""
            for command in commands {
                let data = command.split(separator: ";", maxSplits: 1).last ?? ""
                base64 += data.prefix { $0 != "\u{1B}" }
            }
            return (size, [UInt8](Data(base64Encoded: base64) ?? Data()))
        }
        let reduced = try bitmap(Self.image), whole = try bitmap(png)
        #expect(reduced.size == "s=32,v=24" && whole.size == reduced.size)
        try #require(reduced.pixels.count == 32 * 24 * 3 && whole.pixels.count == reduced.pixels.count)
        // The pictures differ a little (measured: at most 25 levels); the boxes not at all.
        var far = 0
        for p in 0..<(32 * 24) {
            var d = 0
            for c in 0..<3 {
                let a = Int(reduced.pixels[p * 3 + c]), b = Int(whole.pixels[p * 3 + c])
                d = max(d, abs(a - b))
            }
            if d > 60 { far += 1 }
        }
        #expect(far == 0, "\(far) pixels differ by over 60 levels")
    }

    /// Cells too: `render` decodes a JPEG for cells at the smallest libjpeg scale that keeps
    /// 8x16 pixels a cell (here 32x24 of the 64x48 image), and boxes in the file's
    /// pixels must colour the same cells as on the PNG of the whole decode. Each cell's two
    /// colours are compared; a misplaced box puts its colour on a cell of picture.
    @Test(arguments: [false, true])
    func cellsOfAReducedJPEGKeepTheBoxesWhereTheFullImageHasThem(_ stretch: Bool) throws {
        let folder = try TemporaryFolder()
        let png = folder.url.appendingPathComponent("whole.png").path
        try PNGEncoder.write(try ImageDecoder().decodeRGB(contentsOf: Self.image), to: png)
        let boxes = folder.url.appendingPathComponent("boxes.json")
        // No label: at 4x1 cells its text would cover the whole row.
        try Data(#"[{"box": [8, 8, 40, 32]}]"#.utf8).write(to: boxes)
        func cells(_ image: String) throws -> [[Int]] {
            // Stretched, 4x1 cells (32x16 pixels) still need only half the image's width and height.
            let r = try CLIRunner.run(["render", image, "--size", stretch ? "4x1" : "4x2", "--colors", "truecolor",
                                       "--symbols", "sextant", "--boxes", boxes.path] + (stretch ? ["--stretch"] : []))
            #expect(r.status == 0, "\(r.stderr)")
            // Every SGR 38;2 or 48;2 colour, in order: a cell's foreground and background.
            let pattern = /\e\[(?:38|48);2;(\d+);(\d+);(\d+)/
            return r.stdout.matches(of: pattern).compactMap { m in
                guard let red = Int(m.output.1), let green = Int(m.output.2), let blue = Int(m.output.3) else { return nil }
                return [red, green, blue]
            }
        }
        let reduced = try cells(Self.image), whole = try cells(png)
        try #require(!whole.isEmpty)
        #expect(reduced.count == whole.count)
        let worst = zip(reduced, whole).map { a, b in zip(a, b).map { abs($0 - $1) }.max() ?? 0 }.max() ?? 0
        // Measured: 2 levels at most; misplaced boxes (left in the file's pixels) gave 54 and 205.
        #expect(worst <= 20, "a cell's colour differs by \(worst) levels")
    }

    @Test(arguments: ["truecolor", "256", "16", "none"])
    func asciiSymbolsWriteOnlyASCII(_ colors: String) throws {
        let folder = try TemporaryFolder()
        let dir = folder.url
        let boxes = dir.appendingPathComponent("boxes.json")
        try Data(#"[{"box": [60, 40, 400, 380], "label": "caf\u00e9 \u00d7", "score": 0.97}]"#.utf8).write(to: boxes)
        let r = try CLIRunner.run(["render", "Samples/images/astronaut.png", "--size", "80x30", "--symbols", "ascii",
                                   "--colors", colors, "--boxes", boxes.path])
        #expect(r.status == 0, "\(r.stderr)")
        let bytes = Array(r.stdout.utf8)
        #expect(!bytes.isEmpty && bytes.allSatisfy { $0 < 0x80 }, "\(colors): bytes >= 0x80 in the output")
        #expect(r.stdout.contains("caf? ? 0.97"), "\(colors): the label, ASCII")
        // Not blank: a photo gives many glyphs other than space, and many colours.
        let glyphs = r.stdout.replacing(/\u{1B}\[[0-9;]*m/, with: "")
        let ink = glyphs.filter { $0 != " " && $0 != "\n" }
        #expect(ink.count > 300 && Set(ink).count >= 6, "\(colors): \(ink.count) non-space glyphs, \(Set(ink).count) distinct")
        if colors != "none" {
            let codes = Set(r.stdout.matches(of: /\u{1B}\[[0-9;]*m/).map { String($0.output) })
            #expect(codes.count > 8, "\(colors): only \(codes.count) distinct colour codes")
        }
    }

    @Test func badInputsGiveClearErrors() throws {
        let folder = try TemporaryFolder()
        let dir = folder.url
        // JSON, but not a list of boxes.
        let notBoxes = try folder.write(#"{"width": 13, "height": 9}"#, to: "not-boxes.json")
        let cases: [([String], String)] = [
            (["render", RepositoryFiles.path(SharedFixtures.truncatedImage)], "truncated.jpg"),
            (["render", RepositoryFiles.path(SharedFixtures.notAnImage)], "not a JPEG or PNG"),
            (["render", dir.path + "/missing.png"], "missing.png"),
            (["render", Self.image, "--size", "0x5"], "--size"),
            (["render", Self.image, "--theme", "nope"], "no such theme"),
            (["render", Self.image, "--boxes", notBoxes], "not a valid boxes file"),
            (["render", RepositoryFiles.path(SharedFixtures.decompressionBomb)], "too large"),
        ]
        for (args, needle) in cases {
            let r = try CLIRunner.run(args)
            #expect(r.status != 0, "\(args) should fail")
            #expect(r.stderr.contains(needle), "\(args): stderr was \(r.stderr)")
            #expect(!r.stderr.contains("Fatal error"), "\(args) crashed")
        }
        let badTheme = dir.appendingPathComponent("t.toml")
        try Data("[boxes]\nselected = \"red\"\n".utf8).write(to: badTheme)
        let r = try CLIRunner.run(["render", Self.image, "--theme", badTheme.path])
        #expect(r.stderr.contains("t.toml:2:"), "\(r.stderr)")
    }
}
