import Foundation
import TestSupport
import Testing

/// The dataset pane, image order and jumps by error type on the demo, in a real terminal.
@Suite(.serialized)
struct DatasetPaneTmuxTests {
    /// `dhscope eval --images` on the demo: each variant's name and 12 numbers, its per-class AP
    /// and its TIDE rows, as the CLI computes them.
    static func evalReports() throws -> [[String: Any]] {
        let folder = try TemporaryFolder("dhscope-dataset-eval")
        let output = folder.file("eval.json")
        #expect(try CLIProcess.run(["eval", "--images", "Samples/images", "--gt", "Samples/annotations/shapes-val.json",
                             "--variants", "all", "--json"], output: output) == 0)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output))) as? [String: Any]
        return try #require(json?["variants"] as? [[String: Any]])
    }

    /// The numbers after `label` at the start of a line of `screen` (after the pane's margin).
    static func numbers(after label: String, in screen: String) -> [String]? {
        for line in screen.split(separator: "\n") {
            let words = line.split(separator: " ").map(String.init)
            guard words.first == label else { continue }
            return Array(words.dropFirst())
        }
        return nil
    }

    static let browse = "env COLORTERM=truecolor TERM=xterm-256color \(shellQuoted(TmuxSession.executable)) browse"

    /// Waits for the whole demo to be analysed and reviewed.
    @discardableResult
    static func waitForTheReview(_ tmux: TmuxSession) throws -> String {
        // Settled: on a slow machine a capture can land between two writes of one frame.
        try tmux.waitFor("the dataset review of every image", timeout: 300) { screen in
            screen.contains("dataset 12/12") && screen.contains("12 of 12 images") && (try? tmux.capture()) == screen
        }
    }

    @Test func theNumbersSectionShowsWhatEvalComputes() throws {
        let reports = try Self.evalReports()
        #expect(reports.map { $0["name"] as? String } == ["fc", "conv", "dh", "dh-reverse", "dh-ext"])
        let tmux = try TmuxSession(columns: 100, rows: 30, directory: RepositoryFiles.root)
        try tmux.run(Self.browse)
        try tmux.waitFor("the first scene") { $0.contains("1/16 shapes_s3_00000.png") && $0.contains("✓") }
        try tmux.press("D")
        var screen = try Self.waitForTheReview(tmux)
        #expect(screen.contains("1 numbers"))
        let names = ["AP", "AP50", "AP75", "APs", "APm", "APl", "AR1", "AR10", "AR100", "ARs", "ARm", "ARl"]
        for (n, name) in names.enumerated() {
            let expected = reports.map { report in
                String(format: "%.3f", (report["stats_list"] as? [Double])?[n] ?? -2)
            }
            let shown = try #require(Self.numbers(after: name, in: screen), "the \(name) row:\n\(screen)")
            #expect(Array(shown.prefix(5)) == expected, "\(name)")
        }
        // Per-class AP of the first class, every variant.
        let first = try #require((reports[0]["categories"] as? [[String: Any]])?.first)
        let className = try #require(first["name"] as? String)
        let classAP = reports.map { report in
            String(format: "%.3f", ((report["categories"] as? [[String: Any]])?.first?["ap"] as? Double) ?? -2)
        }
        #expect(Array((Self.numbers(after: className, in: screen) ?? []).suffix(5)) == classAP, "\(className):\n\(screen)")

        // TIDE: the dataset's dAP and count of each type, as eval prints them.
        try tmux.press("2")
        screen = try Self.waitForSettled(tmux, "the TIDE section") { screen in
            screen.contains("dAP (count)") && ["Cls", "Miss"].allSatisfy { Self.numbers(after: $0, in: screen) != nil }
        }
        for type in ["Cls", "Loc", "Both", "Dupe", "Bkg", "Miss"] {
            let expected = reports.map { report -> String in
                let entry = (report["tide"] as? [[String: Any]])?.first { $0["type"] as? String == type }
                return String(format: "%.2f (%d)", entry?["delta_ap"] as? Double ?? -1, entry?["count"] as? Int ?? -1)
            }
            let shown = (Self.numbers(after: type, in: screen) ?? []).joined(separator: " ")
            #expect(shown.hasPrefix(expected.joined(separator: " ")), "\(type): \(shown)")
        }
        try tmux.press("Escape")
        try tmux.waitFor("the browser again") { $0.contains("Detections ") || $0.contains("Errors ") }
        try tmux.press("q")
    }
}

extension DatasetPaneTmuxTests {
    /// The selected line of the list pane (the one with ▶ in the right half of the screen).
    static func selectedListLine(_ screen: String, columns: Int) -> String? {
        screen.split(separator: "\n").map(String.init).first { line in
            guard let marker = line.firstIndex(of: "▶") else { return false }
            return line.distance(from: line.startIndex, to: marker) > columns / 2
        }
    }

    /// Enter on a confusion cell lists its members; Enter on a member on another picture opens
    /// that picture with the detection selected (its class and score in the list, its RoI in
    /// the inspector).
    @Test func aConfusionMemberOpensItsPictureWithTheDetectionSelected() throws {
        let tmux = try TmuxSession(columns: 160, rows: 45, directory: RepositoryFiles.root)
        try tmux.run(Self.browse)
        try tmux.waitFor("the first scene") { $0.contains("1/16 shapes_s3_00000.png") && $0.contains("✓") }
        try tmux.press("3")
        try Self.waitForTheReview(tmux)
        var screen = try tmux.waitFor("the confusion matrix") { $0.contains("circle → circle:") }
        #expect(screen.contains("rows ground truth, columns predicted"))
        try tmux.press("Enter")
        screen = try Self.waitForSettled(tmux, "the cell's members") { $0.contains("Enter opens one") && $0.contains("▶ shapes_s3_") }
        // The first member on another picture than the one shown.
        let lines = screen.split(separator: "\n").map(String.init)
        let members = lines.filter { $0.range(of: #"^\s*▶?\s+shapes_s3_\d+\.png"#, options: .regularExpression) != nil }
        #expect(members.count >= 2, "\(screen)")
        let index = try #require(members.firstIndex { !$0.contains("shapes_s3_00000.png") }, "a member on another picture:\n\(screen)")
        let member = members[index].split(separator: " ").filter { $0 != "▶" }.map(String.init)
        let (file, className, score) = (member[0], member[1], member[2])
        for _ in 0..<index { try tmux.press("j") }
        try tmux.waitFor("the cursor on the member") { screen in
            screen.split(separator: "\n").contains { $0.contains("▶") && $0.contains(file) && $0.contains(score) }
        }
        try tmux.press("Enter")
        screen = try Self.waitForSettled(tmux, "\(file) with the detection selected") { screen in
            screen.contains("/16 \(file)") && screen.contains("✓")
                && (Self.selectedListLine(screen, columns: 160).map { $0.contains(className) && $0.contains(score) } ?? false)
        }
        #expect(screen.contains("RoI "), "the inspector explains it")
        #expect(!screen.contains("Enter opens one"), "the pane is closed")
        try tmux.press("q")
    }

    /// Waits until `condition` holds on a screen that a second capture finds unchanged (a
    /// capture can catch ncurses halfway through drawing a frame).
    @discardableResult
    static func waitForSettled(_ tmux: TmuxSession, _ what: String, _ condition: @escaping (String) -> Bool) throws -> String {
        try tmux.waitFor(what) { screen in condition(screen) && (try? tmux.capture()) == screen }
    }

    /// Every type `eval --errors` gives the demo's dh-ext detections, by (file, type, score).
    static func evalErrors() throws -> Set<String> {
        let folder = try TemporaryFolder("dhscope-dataset-errors")
        let errors = folder.file("errors.jsonl")
        #expect(try CLIProcess.run(["eval", "--images", "Samples/images", "--gt", "Samples/annotations/shapes-val.json",
                             "--variants", "dh-ext", "--no-tide", "--errors", errors]) == 0)
        var out = Set<String>()
        for line in try String(contentsOfFile: errors, encoding: .utf8).split(separator: "\n") {
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let file = object["file"] as? String, let type = object["type"] as? String else { continue }
            let score = (object["score"] as? Double).map { String(format: "%.3f", $0) } ?? "-"
            out.insert("\(file) \(type) \(score)")
        }
        return out
    }

    /// With the review, T picks loc and ] lands on loc errors only, across the pictures, each
    /// one that eval --errors labels loc; then misses show the missed object.
    @Test func jumpsByTypeLandOnErrorsOfThatType() throws {
        let truth = try Self.evalErrors()
        #expect(truth.contains { $0.contains(" loc ") })
        let tmux = try TmuxSession(columns: 160, rows: 45, directory: RepositoryFiles.root)
        try tmux.run(Self.browse)
        try tmux.waitFor("the first scene") { $0.contains("1/16 shapes_s3_00000.png") && $0.contains("✓") }
        try tmux.press("D")
        try Self.waitForTheReview(tmux)
        try tmux.press("Escape", "T", "T")
        try tmux.waitFor("loc chosen") { $0.contains("] [ to loc") }
        var files = Set<String>()
        var previous = ""
        for step in 0..<6 {
            try tmux.press("]")
            let screen = try Self.waitForSettled(tmux, "a loc error selected (jump \(step + 1))") { screen in
                guard screen.contains("✓"), let line = Self.selectedListLine(screen, columns: 160) else { return false }
                return line.range(of: #" loc\s*$"#, options: .regularExpression) != nil && line != previous
            }
            let line = try #require(Self.selectedListLine(screen, columns: 160))
            previous = line
            let file = String(try #require(screen.firstMatch(of: /\d+\/16 (shapes_s3_\d+\.png)/)?.1))
            let score = try #require(line.firstMatch(of: /\s(\d\.\d\d\d)\s/)?.1)
            #expect(truth.contains("\(file) loc \(score)"), "\(file) loc \(score) is not loc in eval --errors:\n\(screen)")
            files.insert(file)
        }
        #expect(files.count >= 2, "on to other pictures: \(files)")
        // Misses: the inspector names the missed object.
        try tmux.press("T", "T", "T", "T")
        try tmux.waitFor("miss chosen") { $0.contains("] [ to miss") }
        try tmux.press("]")
        let screen = try Self.waitForSettled(tmux, "a missed object shown") { $0.contains("Missed ") && $0.contains("✓") }
        let file = String(try #require(screen.firstMatch(of: /\d+\/16 (shapes_s3_\d+\.png)/)?.1))
        #expect(truth.contains { $0.hasPrefix("\(file) miss") }, "\(file) has no miss in eval --errors:\n\(screen)")
        try tmux.press("q")
    }
}
