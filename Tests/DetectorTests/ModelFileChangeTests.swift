import Compute
import Foundation
import Imaging
import TestSupport
import Testing
@testable import Detector

/// A model file deleted, overwritten or truncated in place after loading (a memory-mapped
/// file truncated under its mapping raises SIGBUS on access): the loaded detector keeps
/// giving the same numbers, because every weight is copied out at load.
struct ModelFileChangeTests {
    static let tiny = RepositoryFiles.path(SharedFixtures.tinyModel)
    static let legacy = RepositoryFiles.path(SharedFixtures.tinyLegacyModel)
    static let image = RepositoryFiles.path(SharedFixtures.baselineImage)

    @Test(arguments: [("truncate", tiny), ("delete", tiny), ("overwrite", tiny), ("truncate", legacy)])
    func theLoadedModelOutlivesItsFile(_ change: String, _ source: String) throws {
        let folder = try TemporaryFolder("dhscope-model")
        let path = folder.file((source as NSString).lastPathComponent)
        try FileManager.default.copyItem(atPath: source, toPath: path)
        let detector = try ModelLoader.load(path: path)
        let picture = try ImageDecoder().decodeRGB(contentsOf: Self.image)
        let before = try detector.analyze(picture)
        switch change {
        case "truncate": #expect(truncate(path, 0) == 0)
        case "delete": try FileManager.default.removeItem(atPath: path)
        default: try Data(repeating: 0xAB, count: 4096).write(to: URL(fileURLWithPath: path))
        }
        let after = try detector.analyze(picture)
        #expect(after.fcScores == before.fcScores && after.convDeltas == before.convDeltas)
        #expect(after.proposals == before.proposals)
        // Loading again reports the damage instead.
        if change != "delete" {
            #expect(throws: (any Error).self) { try ModelLoader.load(path: path) }
        }
    }
}
