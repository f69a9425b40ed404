import Foundation
import TestSupport
import Testing
@testable import Store

/// SHA-256 against FIPS 180-4's examples and coreutils' sha256sum.
struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func matchesTheStandardsExamples(_ message: String, _ digest: String) {
        #expect(SHA256.hex(of: Array(message.utf8)) == digest)
    }

    @Test func millionAsInUnevenPieces() {
        var hash = SHA256()
        var left = 1_000_000, piece = 1
        while left > 0 {
            let n = min(left, piece)
            hash.update([UInt8](repeating: UInt8(ascii: "a"), count: n))
            left -= n
            piece = piece * 3 % 997 + 1
        }
        #expect(hash.finalize().hexString == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func equalsSha256sumOfRepositoryFiles() throws {
        for file in ["Package.swift", "Samples/models/shapes-dh-ext.safetensors"] {
            let path = RepositoryFiles.path(file)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["sha256sum", path]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            let expected = String(output.prefix(64))
            #expect(expected.count == 64)
            #expect(try FileDigests.digest(ofFileAt: path) == expected, "\(file)")
        }
    }
}
