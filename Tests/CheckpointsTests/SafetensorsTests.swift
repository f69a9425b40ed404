import Foundation
import TestSupport
import Testing
@testable import Checkpoints

@Suite struct SafetensorsTests {
    @Test func loadsSafetensorsWithMetadata() throws {
        let expected = try ExpectedFile("safetensors.expected.json")
        let ckpt = try Checkpoint.open(path: CheckpointFixtures.path("tensors.safetensors"))
        #expect(ckpt.format == .safetensors)
        #expect(ckpt.metadata == expected.metadata)
        #expect(ckpt.classNames == ["cat", "dog"])
        #expect(Set(ckpt.names) == Set(expected.tensors.map(\.name)))
        #expect(ckpt.names.count == expected.tensors.count)
        for e in expected.tensors {
            let info = try #require(ckpt.tensor(named: e.name))
            #expect(info.dtype.rawValue == e.dtype, "\(e.name)")
            #expect(info.shape == e.shape, "\(e.name)")
            #expect(try ckpt.floats(e.name) == e.values.map { Float($0) }, "\(e.name)")
            #expect(try ckpt.doubles(e.name) == e.values, "\(e.name)")
        }
    }

    @Test func formatIsSniffedFromBytesNotExtension() throws {
        let folder = try TemporaryFolder("dhscope-ckpt")
        for (source, disguise, format) in [("tensors.safetensors", "model.pth", CheckpointFormat.safetensors),
                                           ("tensors_zip.pth", "model.safetensors", .torchZip),
                                           ("tensors_legacy.pth", "model.bin", .torchLegacy)] {
            let url = folder.url.appendingPathComponent(disguise)
            try Data(CheckpointFixtures.bytes(source)).write(to: url)
            #expect(try Checkpoint.open(path: url.path).format == format)
        }
    }
}
