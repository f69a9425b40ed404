import Foundation
import Imaging

/// Reads kitty graphics commands back for the tests, from the protocol's description
/// (https://sw.kovidgoyal.net/kitty/graphics-protocol/): `ESC _ G keys ; payload ESC \`,
/// the payload base64, a transmission continued over chunks while `m=1`, `f=24` RGB or
/// `f=32` RGBA of `s` x `v` pixels, or `f=100` PNG.
struct KittyReferenceDecoder {
    struct Command { var keys: [String: String]; var payload: String }
    enum Failure: Error { case malformed(String) }

    /// The commands in `bytes`, in order.
    static func commands(_ bytes: [UInt8]) throws -> [Command] {
        var out: [Command] = []
        var i = 0
        while i < bytes.count {
            guard bytes[i] == 0x1B, i + 2 < bytes.count, bytes[i + 1] == 0x5F, bytes[i + 2] == 0x47 else {
                throw Failure.malformed("byte \(i) is not the start of ESC _ G")
            }
            guard let end = ((i + 3)..<(bytes.count - 1)).first(where: { bytes[$0] == 0x1B && bytes[$0 + 1] == 0x5C }) else {
                throw Failure.malformed("unterminated command at \(i)")
            }
            let body = String(decoding: bytes[(i + 3)..<end], as: UTF8.self)
            let parts = body.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)
            var keys: [String: String] = [:]
            for pair in parts[0].split(separator: ",") {
                let kv = pair.split(separator: "=", maxSplits: 1)
                guard kv.count == 2 else { throw Failure.malformed("key without value: \(pair)") }
                keys[String(kv[0])] = String(kv[1])
            }
            out.append(Command(keys: keys, payload: parts.count > 1 ? String(parts[1]) : ""))
            i = end + 2
        }
        return out
    }

    /// The image of the transmission starting at the first command (its chunks joined).
    static func image(_ commands: [Command]) throws -> (image: RGBImage, keys: [String: String], chunks: Int) {
        guard let first = commands.first else { throw Failure.malformed("no command") }
        var payload = ""
        var chunks = 0
        for command in commands {
            payload += command.payload
            chunks += 1
            if command.keys["m"] != "1" { break }
        }
        guard let data = Data(base64Encoded: payload) else { throw Failure.malformed("payload is not base64") }
        let keys = first.keys
        switch keys["f"] {
        case "100":
            return (try ImageDecoder().decode(data, name: "kitty payload").droppingAlpha(), keys, chunks)
        case "24", nil:
            guard let w = keys["s"].flatMap(Int.init), let h = keys["v"].flatMap(Int.init),
                  let image = RGBImage(width: w, height: h, pixels: [UInt8](data)) else { throw Failure.malformed("RGB size") }
            return (image, keys, chunks)
        default:
            throw Failure.malformed("format \(keys["f"] ?? "")")
        }
    }
}
