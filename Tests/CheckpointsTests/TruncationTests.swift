import Foundation
import TestSupport
import Testing
@testable import Checkpoints

/// Prefixes and byte mutations of valid files: each either fails with a CheckpointError or
/// loads tensors that can all be read. Nothing may crash.
@Suite struct TruncationTests {
    static let validFiles = ["tensors_zip.pth", "tensors_legacy.pth", "tensors.safetensors", "mmdet_legacy.pth", "mmdet_zip.pth"]
    /// Mutants per file; raise with CHECKPOINT_MUTANTS=N for a longer soak.
    static let mutants = ProcessInfo.processInfo.environment["CHECKPOINT_MUTANTS"].flatMap { Int($0) } ?? 250

    /// Opens `bytes` from a temporary file; if it opens, reads every tensor.
    static func openAndReadAll(_ bytes: ArraySlice<UInt8>, at url: URL) throws -> Bool {
        try Data(bytes).write(to: url)
        do {
            let ckpt = try Checkpoint.open(path: url.path)
            for name in ckpt.names {
                _ = try ckpt.floats(name)
                _ = try ckpt.statistics(name)
            }
            _ = ckpt.shapes
            return true
        } catch {
            #expect(error.file == url.path)
            return false
        }
    }

    @Test(arguments: validFiles)
    func everySampledPrefixFailsCleanly(file: String) throws {
        let bytes = CheckpointFixtures.bytes(file)
        try #require(!bytes.isEmpty)
        let folder = try TemporaryFolder("dhscope-ckpt")
        let url = folder.url.appendingPathComponent("prefix")
        // Every length up to 64, then about 150 lengths spread over the file, then the last 16.
        var lengths = Set(0 ..< min(64, bytes.count))
        let step = max(1, bytes.count / 150)
        lengths.formUnion(stride(from: 64, to: bytes.count, by: step))
        lengths.formUnion(max(0, bytes.count - 16) ..< bytes.count)
        for n in lengths.sorted() {
            let opened = try Self.openAndReadAll(bytes[0 ..< n], at: url)
            #expect(!opened, "a \(n)-byte prefix of \(file) opened")
        }
        #expect(try Self.openAndReadAll(bytes[...], at: url))
    }

    @Test(arguments: validFiles)
    func mutatedBytesNeverCrash(file: String) throws {
        let original = CheckpointFixtures.bytes(file)
        try #require(!original.isEmpty)
        let folder = try TemporaryFolder("dhscope-ckpt")
        let url = folder.url.appendingPathComponent("mutant")
        var rng = SplitMix64(seed: 0x5EED ^ UInt64(file.utf8.count))
        let interesting: [UInt8] = [0x00, 0xFF, 0x7F, 0x80, 0x01, 0x28, 0x2E, 0x51, 0x52, 0x71, 0x68]
        for _ in 0 ..< Self.mutants {
            var bytes = original
            for _ in 0 ..< Int(rng.next() % 4) + 1 {
                let i = Int(rng.next() % UInt64(bytes.count))
                bytes[i] = rng.next() % 2 == 0 ? UInt8(truncatingIfNeeded: rng.next()) : interesting[Int(rng.next() % UInt64(interesting.count))]
            }
            _ = try Self.openAndReadAll(bytes[...], at: url)
        }
    }
}

/// A tiny deterministic generator for reproducible mutations.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
