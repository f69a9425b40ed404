import Foundation
import TestSupport
import Testing

/// The analysis store from the command line: reuse, changed inputs, damage, shards and
/// merging, interruption and resumption.
@Suite(.serialized)
struct StoreCommandTests {
    static let gt = RepositoryFiles.path("Samples/annotations/shapes-val.json")
    static let names = ["shapes_s3_00000.png", "shapes_s3_00001.png", "shapes_s3_00002.png", "shapes_s3_00003.png"]

    /// A folder with four annotated demo images.
    static func dataset() throws -> TemporaryFolder {
        let folder = try TemporaryFolder("dhscope-store-cli")
        for name in names { try folder.copy(RepositoryFiles.path("Samples/images/\(name)"), to: "images/\(name)") }
        return folder
    }

    static func eval(_ folder: TemporaryFolder, _ extra: [String]) throws -> CLIRunner.Result {
        try CLIRunner.run(["eval", "--gt", gt, "--images", folder.file("images"), "--variants", "all", "--json"] + extra)
    }

    /// "store DIR: K of N images read from it" from stderr.
    static func readFromStore(_ r: CLIRunner.Result) -> Int? {
        guard let line = r.stderr.split(separator: "\n").first(where: { $0.contains("images read from it") }),
              let range = line.range(of: #": (\d+) of"#, options: .regularExpression) else { return nil }
        return Int(line[range].dropFirst(2).dropLast(3))
    }

    @Test func aSecondRunReadsEverythingAndGivesTheSameNumbers() throws {
        let folder = try Self.dataset()
        let store = ["--store", folder.file("store")]
        let first = try Self.eval(folder, store)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(Self.readFromStore(first) == 0)
        let second = try Self.eval(folder, store)
        #expect(Self.readFromStore(second) == 4)
        #expect(second.stdout == first.stdout)
        let without = try Self.eval(folder, ["--no-store"])
        #expect(without.stdout == first.stdout, "the store's precision changes no number of the report")
        #expect(!without.stderr.contains("read from it"))

        // A changed image is analysed again; the others are read.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: folder.file("images/\(Self.names[1])")))
        bytes.append(contentsOf: [0, 0, 0, 0])  // after IEND: the same picture, other content
        try bytes.write(to: URL(fileURLWithPath: folder.file("images/\(Self.names[1])")))
        let changed = try Self.eval(folder, store)
        #expect(Self.readFromStore(changed) == 3)
        #expect(changed.stdout == first.stdout)

        // Another model file has its own entries.
        let other = try Self.eval(folder, store + ["--model", RepositoryFiles.path(SharedFixtures.tinyModel)])
        #expect(other.status == 0, "\(other.stderr)")
        #expect(Self.readFromStore(other) == 0)
        let info = try CLIRunner.run(["store", "info", "--store", folder.file("store")])
        #expect(info.stdout.contains("shapes-dh-ext.safetensors") && info.stdout.contains("5 images"))
        #expect(info.stdout.contains("tiny-dh-ext.safetensors") && info.stdout.contains("4 images"))
    }

    @Test func aDamagedEntryIsAnalysedAgainWithAMessage() throws {
        let folder = try Self.dataset()
        let store = ["--store", folder.file("store")]
        let first = try Self.eval(folder, store)
        let entries = FileManager.default.enumerator(atPath: folder.file("store/models"))?
            .compactMap { $0 as? String }.filter { $0.hasSuffix(".dhs") }.sorted() ?? []
        #expect(entries.count == 4)
        let victim = folder.file("store/models/\(try #require(entries.first))")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: victim))
        try bytes.prefix(bytes.count - 100).write(to: URL(fileURLWithPath: victim))
        let second = try Self.eval(folder, store)
        #expect(second.status == 0)
        #expect(second.stderr.contains("\(victim): damaged store entry"), "\(second.stderr)")
        #expect(Self.readFromStore(second) == 3)
        #expect(second.stdout == first.stdout)
        // Repaired: the next run reads all four.
        #expect(Self.readFromStore(try Self.eval(folder, store)) == 4)
    }

    @Test func shardsMergedEvaluateLikeOneRun() throws {
        let folder = try Self.dataset()
        for i in 0..<3 {
            let r = try CLIRunner.run(["store", "analyze", folder.file("images"), "--store", folder.file("shard\(i)"), "--shard", "\(i)/3"])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("of \(i == 0 ? 2 : 1) images"), "\(r.stdout)")
        }
        let merged = try CLIRunner.run(["store", "merge", folder.file("shard0"), folder.file("shard1"), folder.file("shard2"),
                                        "--into", folder.file("merged")])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stdout.contains("4 entries copied, 0 already there, 1 model(s)"), "\(merged.stdout)")
        let fromMerged = try Self.eval(folder, ["--store", folder.file("merged")])
        #expect(Self.readFromStore(fromMerged) == 4)
        #expect(fromMerged.stdout == (try Self.eval(folder, ["--no-store"])).stdout)
        // A shard of eval covers its images only.
        let shard = try CLIRunner.run(["eval", "--gt", Self.gt, "--images", folder.file("images"), "--shard", "1/2", "--json",
                                       "--store", folder.file("merged")])
        #expect(try JSON.object(shard.stdout)["images"] as? Int == 2)
    }

    @Test func badShardsAndMergesAreRefusedWithTheReason() throws {
        let folder = try Self.dataset()
        for bad in ["2/2", "-1/3", "1", "a/b", "0/0"] {
            let r = try CLIRunner.run(["store", "analyze", folder.file("images"), "--store", folder.file("s"), "--shard", bad])
            #expect(r.status != 0 && r.stderr.contains("--shard \(bad): give i/n with 0 <= i < n"), "\(bad): \(r.stderr)")
        }
        let into = try CLIRunner.run(["store", "merge", folder.file("a"), "--into", folder.file("a")])
        #expect(into.status != 0 && into.stderr.contains("is also a source"))
        let missing = try CLIRunner.run(["store", "merge", folder.file("nothing"), "--into", folder.file("b")])
        #expect(missing.status != 0 && missing.stderr.contains("nothing: not an analysis store"))
        try folder.write("keep me", to: "home/notes.txt")
        let notStore = try Self.eval(folder, ["--store", folder.file("home")])
        #expect(notStore.status != 0 && notStore.stderr.contains("not an analysis store"))
        #expect(try String(contentsOfFile: folder.file("home/notes.txt"), encoding: .utf8) == "keep me")
    }

    /// A store that cannot take an entry (a full disk: files over one block fail) stops
    /// keeping analyses, not the evaluation.
    @Test func aFullDiskStopsKeepingNotEvaluating() throws {
        let folder = try Self.dataset()
        let expected = try Self.eval(folder, ["--no-store"])
        let full = try CLIRunner.run(["eval", "--gt", Self.gt, "--images", folder.file("images"), "--variants", "all", "--json",
                                      "--store", folder.file("store")], fileSizeLimitBlocks: 1)
        #expect(full.status == 0, "\(full.stderr)")
        #expect(full.stderr.contains("cannot write the analysis store") && full.stderr.contains("without keeping it"), "\(full.stderr)")
        #expect(full.stdout == expected.stdout)
    }

    /// Ctrl-C keeps what is done; the same command resumes.
    @Test func anInterruptedRunResumes() throws {
        let folder = try Self.dataset()
        let process = Process()
        process.executableURL = CLIRunner.executable
        process.arguments = ["store", "analyze", folder.file("images"), "--store", folder.file("store")]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        func entries() -> Int {
            (FileManager.default.enumerator(atPath: folder.file("store"))?.compactMap { $0 as? String } ?? [])
                .filter { $0.hasSuffix(".dhs") }.count
        }
        // Interrupt as soon as the first entry is kept.
        let deadline = Date().addingTimeInterval(120)
        while entries() == 0 && process.isRunning && Date() < deadline { usleep(5000) }
        process.interrupt()
        process.waitUntilExit()
        let kept = entries()
        #expect(kept >= 1)
        if kept < 4 { #expect(process.terminationStatus == 130) }
        let resumed = try CLIRunner.run(["store", "analyze", folder.file("images"), "--store", folder.file("store")])
        #expect(resumed.status == 0)
        #expect(resumed.stdout.contains("4 of 4 images") && resumed.stdout.contains("(\(kept) were there"), "\(resumed.stdout)")
        #expect(entries() == 4)
    }
}
