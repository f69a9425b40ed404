import Foundation
import Testing
import TestSupport
@testable import Checkpoints

/// Real torch.save output (zip and legacy) must load to exactly torch's values.
@Suite struct TorchLoaderTests {
    static let tensorFiles = ["tensors_zip.pth", "tensors_legacy.pth"]

    @Test(arguments: tensorFiles)
    func loadsEveryDTypeAndLayoutExactly(file: String) throws {
        let expected = try ExpectedFile("tensors.expected.json")
        let ckpt = try Checkpoint.open(path: CheckpointFixtures.path(file))
        #expect(ckpt.format == (file.contains("zip") ? .torchZip : .torchLegacy))
        #expect(ckpt.names == expected.tensors.map(\.name))
        #expect(ckpt.classNames == nil)
        for e in expected.tensors {
            let info = try #require(ckpt.tensor(named: e.name))
            #expect(info.dtype.rawValue == e.dtype, "\(e.name)")
            #expect(info.shape == e.shape, "\(e.name)")
            #expect(info.elementCount == e.values.count, "\(e.name)")
            let floats = try ckpt.floats(e.name)
            #expect(floats == e.values.map { Float($0) }, "\(e.name)")
            let doubles = try ckpt.doubles(e.name)
            #expect(doubles == e.values, "\(e.name)")
        }
    }

    @Test func sharedStoragesAndStridesAreGathered() throws {
        let ckpt = try Checkpoint.open(path: CheckpointFixtures.path("tensors_zip.pth"))
        #expect(try ckpt.floats("shared_a") == [2, 3, 4, 5, 6, 7])
        #expect(try ckpt.floats("shared_b") == (5 ..< 15).map(Float.init))
        // m = arange(12).reshape(3, 4) - 5.5; transposed and m[:, ::2].
        let m = (0 ..< 12).map { Float($0) - 5.5 }
        #expect(try ckpt.floats("transposed") == (0 ..< 4).flatMap { c in (0 ..< 3).map { r in m[r * 4 + c] } })
        #expect(try ckpt.floats("strided") == (0 ..< 3).flatMap { r in [m[r * 4], m[r * 4 + 2]] })
        #expect(try ckpt.floats("f16_t") == [1.5, 7.0, -0.25, 0.125, 3.0, -9.0])
        #expect(ckpt.tensor(named: "scalar")?.shape == [])
        #expect(try ckpt.floats("scalar") == [2.5])
        #expect(ckpt.tensor(named: "empty")?.shape == [0, 3])
        #expect(try ckpt.floats("empty") == [])
        #expect(try ckpt.floats("mask") == [1, 0, 1, 0, 0, 1])
    }

    @Test(arguments: ["mmdet_zip.pth", "mmdet_legacy.pth"])
    func readsMMDetectionWrapperAndClasses(file: String) throws {
        let expected = try ExpectedFile("mmdet.expected.json")
        let ckpt = try Checkpoint.open(path: CheckpointFixtures.path(file))
        #expect(ckpt.classNames == ["cat", "dog"])
        #expect(ckpt.metadata["epoch"] == "3")
        #expect(ckpt.metadata["mmdet_version"] == "2.28.2")
        #expect(ckpt.metadata["config"] == "model = dict(type='FasterRCNN')\n")
        #expect(ckpt.names == expected.tensors.map(\.name))
        for e in expected.tensors {
            #expect(try ckpt.floats(e.name, expectingShape: e.shape) == e.values.map { Float($0) })
        }
    }

    /// numpy scalars in meta are opaque and ignored; optimizer storages in the same stream are skipped.
    @Test(arguments: ["mmdet_train_zip.pth", "mmdet_train_legacy.pth"])
    func readsTrainingCheckpointWithOptimizerAndNumpyMeta(file: String) throws {
        let expected = try ExpectedFile("mmdet.expected.json")
        let ckpt = try Checkpoint.open(path: CheckpointFixtures.path(file))
        #expect(ckpt.classNames == ["cat", "dog"])
        #expect(ckpt.metadata["seed"] == nil)
        #expect(ckpt.names == expected.tensors.map(\.name))
        for e in expected.tensors {
            #expect(try ckpt.doubles(e.name) == e.values)
        }
    }

    @Test func readsMMDetection3DatasetMetaClasses() throws {
        let ckpt = try Checkpoint.open(path: CheckpointFixtures.path("mmdet3_zip.pth"))
        #expect(ckpt.classNames == ["person", "car", "bus"])
        #expect(ckpt.shapes["roi_head.bbox_head.fc_cls.weight"]?.first == 3)
    }

    @Test func missingTensorAndShapeMismatchNameFileAndTensor() throws {
        let path = CheckpointFixtures.path("mmdet_zip.pth")
        let ckpt = try Checkpoint.open(path: path)
        let missing = #expect(throws: CheckpointError.self) { try ckpt.floats("neck.nope.weight") }
        #expect(missing?.kind == .missingTensor)
        #expect(missing?.description.contains(path) == true)
        #expect(missing?.description.contains("neck.nope.weight") == true)
        let mismatch = #expect(throws: CheckpointError.self) {
            try ckpt.floats("roi_head.bbox_head.fc_cls.weight", expectingShape: [81, 1024])
        }
        #expect(mismatch?.kind == .shapeMismatch)
        #expect(mismatch?.description.contains("roi_head.bbox_head.fc_cls.weight") == true)
        #expect(mismatch?.description.contains("[3, 5]") == true)
    }

    @Test func statisticsAreFloat64() throws {
        let ckpt = try Checkpoint.open(path: CheckpointFixtures.path("tensors_legacy.pth"))
        let s = try ckpt.statistics("shared_b")
        #expect(s.count == 10)
        #expect(s.sum == 95)
        #expect(s.mean == 9.5)
        #expect(s.min == 5)
        #expect(s.max == 14)
        let i64 = try ckpt.statistics("i64")
        let terms: [Double] = [-3, 0, 1_099_511_627_776, -4_611_686_018_427_387_904, 7]
        #expect(i64.sum == terms.reduce(0, +))
        let empty = try ckpt.statistics("empty")
        #expect(empty.count == 0 && empty.sum == 0 && empty.mean == nil && empty.min == nil && empty.max == nil)
        let f16 = try ckpt.statistics("f16")
        #expect(f16.min == -.infinity && f16.max == .infinity)
        #expect(TensorStatistics([1, 2, 3, 4]) == TensorStatistics([4, 3, 2, 1]))
        #expect(TensorStatistics([1, 2, 3, 4]).mean == 2.5)
    }

    /// The reference's own torch.save fixtures (Tests/Fixtures/torch_save, written by Tools/fixtures.py).
    static let referenceFolder = RepositoryFiles.path("Tests/Fixtures/torch_save")

    @Test(arguments: ["state_dict_zip.pth", "state_dict_legacy.pth", "wrapped_zip.pth", "wrapped_legacy.pth"])
    func loadsReferenceFixturesExactly(file: String) throws {
        let path = Self.referenceFolder + "/" + file
        let data = try Data(contentsOf: URL(fileURLWithPath: path + ".json"))
        let expected = try JSONDecoder().decode(ExpectedFile.self, from: data)
        let ckpt = try Checkpoint.open(path: path)
        #expect(ckpt.names == expected.tensors.map(\.name))
        if file.hasPrefix("wrapped") { #expect(ckpt.classNames == ["person", "bicycle", "car"]) }
        for e in expected.tensors {
            #expect(ckpt.tensor(named: e.name)?.shape == e.shape)
            #expect(ckpt.tensor(named: e.name)?.dtype.rawValue == e.dtype)
            #expect(try ckpt.doubles(e.name) == e.values, "\(e.name)")
            #expect(try ckpt.floats(e.name) == e.values.map { Float($0) }, "\(e.name)")
        }
    }

    @Test func checkpointIsSharedAcrossTasks() async throws {
        let ckpt = try Checkpoint.open(path: CheckpointFixtures.path("tensors_zip.pth"))
        let sums = try await withThrowingTaskGroup(of: Double.self) { group in
            for _ in 0 ..< 4 { group.addTask { try ckpt.statistics("conv.weight").sum } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(sums).count == 1)
    }
}
