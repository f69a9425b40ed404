import Foundation
import TestSupport
import Testing
@testable import Checkpoints

/// Every crafted file fails with the right error, naming the file; nothing crashes.
@Suite struct HostileInputTests {
    struct Case: CustomStringConvertible, Sendable {
        let file: String
        let kind: CheckpointError.Kind
        /// Text the message must contain besides the file path.
        let mentions: String?
        var description: String { file }
    }

    static let cases: [Case] = [
        Case(file: "truncated_zip.pth", kind: .truncated, mentions: nil),
        Case(file: "truncated_legacy.pth", kind: .truncated, mentions: nil),
        Case(file: "truncated_legacy_pickle.pth", kind: .truncated, mentions: nil),
        Case(file: "truncated.safetensors", kind: .truncated, mentions: nil),
        Case(file: "forbidden_global_legacy.pth", kind: .unknownGlobal, mentions: "os.system"),
        Case(file: "forbidden_global_zip.pth", kind: .unknownGlobal, mentions: "os.system"),
        Case(file: "unknown_global_zip.pth", kind: .unknownGlobal, mentions: "mymodule.Thing"),
        Case(file: "unknown_opcode_zip.pth", kind: .unknownOpcode, mentions: "0x69"),
        Case(file: "storage_out_of_range_legacy.pth", kind: .outOfRange, mentions: "\"w\""),
        Case(file: "stride_out_of_range_legacy.pth", kind: .outOfRange, mentions: "\"w\""),
        Case(file: "storage_numel_mismatch_zip.pth", kind: .outOfRange, mentions: "\"w\""),
        Case(file: "compressed_zip.pth", kind: .compressedEntry, mentions: "data.pkl"),
        Case(file: "overlap.safetensors", kind: .badHeader, mentions: "overlap"),
        Case(file: "offsets_past_buffer.safetensors", kind: .truncated, mentions: "\"a\""),
        Case(file: "gap.safetensors", kind: .badHeader, mentions: "gap"),
        Case(file: "shape_mismatch.safetensors", kind: .badHeader, mentions: "\"a\""),
        Case(file: "bad_dtype.safetensors", kind: .unsupportedDType, mentions: "Q7"),
        Case(file: "header_too_long.safetensors", kind: .truncated, mentions: nil),
        Case(file: "bad_json.safetensors", kind: .badHeader, mentions: "JSON"),
    ]

    @Test(arguments: cases)
    func hostileFileGivesTheRightError(c: Case) {
        let path = CheckpointFixtures.path(c.file)
        let error = #expect(throws: CheckpointError.self) { _ = try Checkpoint.open(path: path) }
        let got: CheckpointError.Kind? = error?.kind
        let message: String = error?.description ?? "no error"
        #expect(got == c.kind, Comment(rawValue: message))
        #expect(error?.file == path)
        #expect(message.hasPrefix(path))
        if let m = c.mentions { #expect(message.contains(m), Comment(rawValue: message)) }
    }

    @Test func unreadableAndUnknownFiles() throws {
        let folder = try TemporaryFolder("dhscope-ckpt")
        func kind(_ path: String) -> CheckpointError.Kind? {
            #expect(throws: CheckpointError.self) { _ = try Checkpoint.open(path: path) }?.kind
        }
        #expect(kind(folder.url.appendingPathComponent("absent.pth").path) == .unreadable)
        #expect(kind(folder.path) == .unreadable)
        let empty = folder.url.appendingPathComponent("empty.pth")
        try Data().write(to: empty)
        #expect(kind(empty.path) == .truncated)
        let text = folder.url.appendingPathComponent("notes.pth")
        try Data("this is not a checkpoint at all, just text\n".utf8).write(to: text)
        #expect(kind(text.path) == .unknownFormat)
    }

    @Test func deeplyNestedSafetensorsHeaderIsRefused() throws {
        let folder = try TemporaryFolder("dhscope-ckpt")
        let header = Array("{\"a\": ".utf8) + [UInt8](repeating: UInt8(ascii: "["), count: 200_000) + Array("}".utf8)
        var bytes = withUnsafeBytes(of: UInt64(header.count).littleEndian) { Array($0) }
        bytes += header
        let url = folder.url.appendingPathComponent("deep.safetensors")
        try Data(bytes).write(to: url)
        let error = #expect(throws: CheckpointError.self) { _ = try Checkpoint.open(path: url.path) }
        #expect(error?.kind == .badHeader)
    }

    /// With several bad entries the message names the first by name, whatever order the
    /// header's dictionary comes in (it varied from run to run).
    @Test func theFirstBadEntryByNameIsReported() throws {
        let folder = try TemporaryFolder("dhscope-ckpt")
        let names = (0..<12).map { "layer\($0).weight" }
        let entries = names.map { "\"\($0)\": {\"dtype\": \"F99\", \"shape\": [1], \"data_offsets\": [0, 4]}" }
        let header = Array(("{" + entries.reversed().joined(separator: ", ") + "}").utf8)
        var bytes = withUnsafeBytes(of: UInt64(header.count).littleEndian) { Array($0) }
        bytes += header + [0, 0, 0, 0]
        let url = folder.url.appendingPathComponent("bad.safetensors")
        try Data(bytes).write(to: url)
        for _ in 0..<10 {
            let error = #expect(throws: CheckpointError.self) { _ = try Checkpoint.open(path: url.path) }
            #expect(error?.description.contains("layer0.weight") == true, "\(error?.description ?? "")")
        }
    }

    @Test func resourceBoundsAreEnforced() {
        func kind(_ file: String, _ configure: (inout CheckpointLimits) -> Void) -> CheckpointError.Kind? {
            var limits = CheckpointLimits()
            configure(&limits)
            return #expect(throws: CheckpointError.self) {
                _ = try Checkpoint.open(path: CheckpointFixtures.path(file), limits: limits)
            }?.kind
        }
        #expect(kind("tensors.safetensors") { $0.maxHeaderBytes = 64 } == .limitExceeded)
        #expect(kind("tensors_zip.pth") { $0.maxPickleBytes = 100 } == .limitExceeded)
        #expect(kind("tensors_legacy.pth") { $0.maxPickleBytes = 100 } == .limitExceeded)
        #expect(kind("tensors_zip.pth") { $0.maxStackDepth = 4 } == .limitExceeded)
        #expect(kind("tensors_zip.pth") { $0.maxMemoEntries = 4 } == .limitExceeded)
        #expect(kind("tensors_zip.pth") { $0.maxTensorCount = 3 } == .limitExceeded)
        #expect(kind("tensors.safetensors") { $0.maxTensorCount = 3 } == .limitExceeded)
        #expect(kind("tensors_legacy.pth") { $0.maxTensorElements = 10 } == .limitExceeded)
        #expect(kind("tensors.safetensors") { $0.maxTensorElements = 10 } == .limitExceeded)
        // At the bound itself the file still opens: conv.weight (24 elements) is the largest tensor.
        var atBound = CheckpointLimits()
        atBound.maxTensorElements = 24
        #expect((try? Checkpoint.open(path: CheckpointFixtures.path("tensors_zip.pth"), limits: atBound)) != nil)
    }

    static let os: [UInt8] = Array("os".utf8)
    static let system: [UInt8] = Array("system".utf8)
    static let eval: [UInt8] = Array("builtins\neval\n".utf8)
    static let stackGlobal: [UInt8] = [0x80, 0x02, 0x8C, 0x02] + os + [0x8C, 0x06] + system + [0x93, 0x2E]
    static let globalEval: [UInt8] = [0x80, 0x02, 0x63] + eval + [0x2E]
    static let pickles: [([UInt8], CheckpointError.Kind)] = [
        ([0x80, 0x02, 0x2E], .badHeader),                                            // STOP on empty stack
        ([0x80, 0x02, 0x4E, 0x52, 0x2E], .badHeader),                                // REDUCE underflow
        ([0x80, 0x02, 0x4E, 0x4E, 0x52, 0x2E], .badHeader),                          // REDUCE on None
        ([0x80, 0x02, 0x28, 0x74, 0x51, 0x2E], .badHeader),                          // bad persistent id
        ([0x80, 0x02, 0x68, 0x07, 0x2E], .badHeader),                                // BINGET of a missing memo
        ([0x80, 0x02, 0x5D, 0x71, 0x00, 0x68, 0x00, 0x61, 0x2E], .noStateDict),      // a list containing itself
        ([0x80, 0x09, 0x2E], .badHeader),                                            // protocol 9
        ([0x80, 0x02, 0x7D, 0x4B, 0x01, 0x4B, 0x02, 0x73, 0x2E], .noStateDict),      // {1: 2}
        ([0x80, 0x02, 0x8C, 0xFF, 0x41], .truncated),                                // string past the end
        (globalEval, .unknownGlobal),
        (stackGlobal, .unknownGlobal),
    ]

    /// Hand-built pickles inside a torch zip: malformed stacks, cycles, bad persistent ids.
    @Test(arguments: pickles)
    func malformedPickles(pickle: [UInt8], kind: CheckpointError.Kind) throws {
        let folder = try TemporaryFolder("dhscope-ckpt")
        let url = folder.url.appendingPathComponent("crafted.pth")
        try Data(StoredZip.archive([("archive/data.pkl", pickle), ("archive/byteorder", Array("little".utf8))])).write(to: url)
        let error = #expect(throws: CheckpointError.self) { _ = try Checkpoint.open(path: url.path) }
        let got: CheckpointError.Kind? = error?.kind
        let message: String = error?.description ?? "no error"
        #expect(got == kind, Comment(rawValue: message))
    }

    @Test func zip64RecordsAreRead() throws {
        let folder = try TemporaryFolder("dhscope-ckpt")
        // data.pkl of the zip fixture, repackaged with ZIP64 end records and extra fields.
        let source = CheckpointFixtures.bytes("tensors_zip.pth")
        let entries: [(String, [UInt8])] = try source.withUnsafeBytes { raw in
            let zip = try ZipArchive(bytes: raw, file: "tensors_zip.pth", limits: .default)
            return zip.entries.map { e in (e.name, Array(raw[e.dataOffset ..< e.dataOffset + e.size])) }
        }
        let url = folder.url.appendingPathComponent("zip64.pth")
        try Data(StoredZip.archive(entries, zip64: true)).write(to: url)
        let ckpt = try Checkpoint.open(path: url.path)
        let reference = try Checkpoint.open(path: CheckpointFixtures.path("tensors_zip.pth"))
        #expect(ckpt.names == reference.names)
        for name in reference.names { #expect(try ckpt.doubles(name).elementsEqual(try reference.doubles(name)) { $0 == $1 || ($0.isNaN && $1.isNaN) }) }
    }
}

/// Writes minimal stored zip archives (optionally with ZIP64 records) for crafted tests.
enum StoredZip {
    static func archive(_ entries: [(String, [UInt8])], zip64: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        var central: [UInt8] = []
        func u16(_ v: Int, _ a: inout [UInt8]) { a += [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)] }
        func u32(_ v: Int, _ a: inout [UInt8]) { for i in 0 ..< 4 { a.append(UInt8((v >> (8 * i)) & 0xFF)) } }
        func u64(_ v: Int, _ a: inout [UInt8]) { for i in 0 ..< 8 { a.append(UInt8((v >> (8 * i)) & 0xFF)) } }
        for (name, data) in entries {
            let offset = out.count
            let nameBytes = Array(name.utf8)
            u32(0x0403_4B50, &out); u16(zip64 ? 45 : 20, &out); u16(0, &out); u16(0, &out); u16(0, &out); u16(0, &out)
            u32(0, &out) // CRC (not checked by the reader)
            u32(zip64 ? 0xFFFF_FFFF : data.count, &out); u32(zip64 ? 0xFFFF_FFFF : data.count, &out)
            u16(nameBytes.count, &out); u16(zip64 ? 20 : 0, &out)
            out += nameBytes
            if zip64 { u16(1, &out); u16(16, &out); u64(data.count, &out); u64(data.count, &out) }
            out += data
            u32(0x0201_4B50, &central); u16(45, &central); u16(zip64 ? 45 : 20, &central); u16(0, &central); u16(0, &central)
            u16(0, &central); u16(0, &central); u32(0, &central)
            u32(zip64 ? 0xFFFF_FFFF : data.count, &central); u32(zip64 ? 0xFFFF_FFFF : data.count, &central)
            u16(nameBytes.count, &central); u16(zip64 ? 28 : 0, &central); u16(0, &central)
            u16(0, &central); u16(0, &central); u32(0, &central)
            u32(zip64 ? 0xFFFF_FFFF : offset, &central)
            central += nameBytes
            if zip64 { u16(1, &central); u16(24, &central); u64(data.count, &central); u64(data.count, &central); u64(offset, &central) }
        }
        let cdOffset = out.count
        out += central
        if zip64 {
            let recordOffset = out.count
            u32(0x0606_4B50, &out); u64(44, &out); u16(45, &out); u16(45, &out); u32(0, &out); u32(0, &out)
            u64(entries.count, &out); u64(entries.count, &out); u64(central.count, &out); u64(cdOffset, &out)
            u32(0x0706_4B50, &out); u32(0, &out); u64(recordOffset, &out); u32(1, &out)
        }
        u32(0x0605_4B50, &out); u16(0, &out); u16(0, &out)
        u16(zip64 ? 0xFFFF : entries.count, &out); u16(zip64 ? 0xFFFF : entries.count, &out)
        u32(zip64 ? 0xFFFF_FFFF : central.count, &out); u32(zip64 ? 0xFFFF_FFFF : cdOffset, &out); u16(0, &out)
        return out
    }
}
