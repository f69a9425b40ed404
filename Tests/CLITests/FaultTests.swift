import Foundation
import TestSupport
import Testing

/// Files that cannot be written or read: each gives a clear error naming the file, nothing
/// already computed is lost, and nothing half-written is left where a result belongs.
/// (The tests run as root here, where permission bits do not stop reads or writes, so
/// unreadable and unwritable are made in ways that bind root too: a full "disk" through
/// the file-size limit, missing folders, files that vanished, FIFOs and folders named as images.)
struct FaultTests {
    static let model = DetectorCommandTests.model
    static let image = RepositoryFiles.path(SharedFixtures.baselineImage)

    func contents(_ dir: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted()
    }

    @Test func aFullDiskKeepsTheOldExportWhole() throws {
        let folder = try TemporaryFolder("dhscope-faults")
        let dir = folder.url
        let out = dir.appendingPathComponent("boxes.png")
        let old = Data("the previous export".utf8)
        try old.write(to: out)
        // 1 KB allowed: the PNG of a 200x150 render with boxes is larger.
        let r = try CLIRunner.run(["render", Self.image, "--model", Self.model, "--size", "200x150", "--png", out.path],
                                  fileSizeLimitBlocks: 1)
        #expect(r.status != 0)
        #expect(r.stderr.contains(out.path), "the error names the file: \(r.stderr)")
        #expect(try Data(contentsOf: out) == old, "the old file is untouched")
        #expect(contents(dir) == ["boxes.png"], "no temporary file is left behind: \(contents(dir))")
    }

    @Test func aMissingFolderIsNamed() throws {
        let folder = try TemporaryFolder("dhscope-faults")
        let dir = folder.url
        let out = dir.appendingPathComponent("no/such/folder/shot.png").path
        let r = try CLIRunner.run(["render", Self.image, "--size", "40x12", "--snapshot", out])
        #expect(r.status != 0)
        #expect(r.stderr.contains(out), "\(r.stderr)")
        #expect(!r.stderr.contains("Fatal error"))
    }

    @Test func evalKeepsEarlierResultsWhenTheDiskFills() throws {
        let folder = try TemporaryFolder("dhscope-faults")
        let dir = folder.url
        let images = dir.appendingPathComponent("images")
        try FileManager.default.createDirectory(at: images, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.image, toPath: images.appendingPathComponent("baseline.jpg").path)
        let gt = dir.appendingPathComponent("gt.json")
        try Data(#"{"images": [{"id": 1, "file_name": "baseline.jpg", "width": 64, "height": 48}], "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [10, 8, 30, 24], "area": 720, "iscrowd": 0}], "categories": [{"id": 1, "name": "circle"}, {"id": 2, "name": "square"}, {"id": 3, "name": "triangle"}]}"#.utf8).write(to: gt)
        let results = dir.appendingPathComponent("results")
        try FileManager.default.createDirectory(at: results, withIntermediateDirectories: true)
        let previous = Data(String(repeating: "x", count: 10).utf8)
        try previous.write(to: results.appendingPathComponent("dh-ext.json"))
        // The tiny model's results for one image are a few KB; allow none.
        let r = try CLIRunner.run(["eval", "--gt", gt.path, "--images", images.path, "--model", Self.model,
                                   "--save-results", results.path], fileSizeLimitBlocks: 0)
        #expect(r.status != 0)
        #expect(r.stderr.contains("dh-ext.json"), "\(r.stderr)")
        #expect(try Data(contentsOf: results.appendingPathComponent("dh-ext.json")) == previous)
        #expect(contents(results) == ["dh-ext.json"], "\(contents(results))")
    }

    /// A folder where one image vanished (a dangling link), one is a FIFO (opening it would
    /// block a naive reader) and one is a folder named like an image: the good images are still
    /// detected and reported, each bad one is named, and the exit status says something failed.
    @Test func detectGoesOnPastVanishedAndUnreadableImages() throws {
        let folder = try TemporaryFolder("dhscope-faults")
        let dir = folder.url
        try FileManager.default.copyItem(atPath: Self.image, toPath: dir.appendingPathComponent("a.jpg").path)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("b.jpg").path,
                                                   withDestinationPath: dir.appendingPathComponent("gone.jpg").path)
        #expect(mkfifo(dir.appendingPathComponent("c.png").path, 0o644) == 0)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("d.png"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.image, toPath: dir.appendingPathComponent("e.jpg").path)
        let r = try CLIRunner.run(["detect", dir.path, "--model", Self.model, "--json"])
        #expect(r.status == 1, "\(r.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let done = (object?["images"] as? [[String: Any]] ?? []).compactMap { ($0["file"] as? String).map { ($0 as NSString).lastPathComponent } }
        #expect(done == ["a.jpg", "e.jpg"], "the readable images' detections are kept")
        #expect(r.stderr.contains("b.jpg: cannot read the file (no such file)"), "\(r.stderr)")
        #expect(r.stderr.contains("c.png: cannot read the file (not a regular file"), "\(r.stderr)")
        #expect(r.stderr.contains("d.png: cannot read the file (it is a directory)"), "\(r.stderr)")
    }

    @Test func aNamedImageThatDoesNotExistStopsBeforeAnyWork() throws {
        let r = try CLIRunner.run(["detect", Self.image, "/no/such/image.png", "--model", Self.model, "--json"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("/no/such/image.png: no such file or folder"))
    }
}

/// The annotation-count bound, at the bound and one past it (lowered through the
/// environment so a test file can reach it).
struct AnnotationLimitTests {
    @Test func theAnnotationLimitHoldsAtTheBound() throws {
        let folder = try TemporaryFolder("dhscope-limit")
        let dir = folder.url
        let gt = dir.appendingPathComponent("gt.json")
        try Data(#"{"images": [{"id": 1, "file_name": "a.png", "width": 64, "height": 48}], "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [1, 1, 10, 10], "area": 100, "iscrowd": 0}, {"id": 2, "image_id": 1, "category_id": 1, "bbox": [20, 1, 10, 10], "area": 100, "iscrowd": 0}, {"id": 3, "image_id": 1, "category_id": 1, "bbox": [40, 1, 10, 10], "area": 100, "iscrowd": 0}], "categories": [{"id": 1, "name": "circle"}]}"#.utf8).write(to: gt)
        let results = dir.appendingPathComponent("results.json")
        try Data(#"[{"image_id": 1, "category_id": 1, "bbox": [1, 1, 10, 10], "score": 0.9}]"#.utf8).write(to: results)
        let at = try CLIRunner.run(["eval", "--gt", gt.path, "--results", results.path], environment: ["DHSCOPE_MAX_ANNOTATIONS": "3"])
        #expect(at.status == 0, "\(at.stderr)")
        let past = try CLIRunner.run(["eval", "--gt", gt.path, "--results", results.path], environment: ["DHSCOPE_MAX_ANNOTATIONS": "2"])
        #expect(past.status != 0)
        #expect(past.stderr.contains("\(gt.path): 3 entries, more than the limit of 2"), "\(past.stderr)")
    }
}
