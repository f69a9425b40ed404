import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fast reader for well-formed COCO results JSON (an array of flat objects), about ten
/// times quicker than JSONDecoder on large files. It returns nil at the first thing it does
/// not expect, and `COCOResults` then decodes with JSONDecoder for a precise error.
/// Numbers are converted with `strtod` (correctly rounded, as Python's json does).
struct ResultsScanner {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var i = 0

    /// Scans `data`; nil when it is not a plain array of result objects.
    static func scan(_ data: Data) -> [COCODetection]? {
        var buffer = [UInt8](data)
        buffer.append(0)  // strtod stops at the NUL at the latest
        return buffer.withUnsafeBufferPointer { pointer in
            var scanner = ResultsScanner(bytes: pointer)
            return scanner.array()
        }
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    private var current: UInt8 { bytes[i] }  // the trailing NUL keeps this in bounds

    private mutating func skipSpace() {
        while i < bytes.count - 1 {
            let c = bytes[i]
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { i += 1 } else { return }
        }
    }

    private mutating func expect(_ c: UInt8) -> Bool {
        skipSpace()
        if current == c {
            i += 1
            return true
        }
        return false
    }

    private mutating func array() -> [COCODetection]? {
        guard expect(UInt8(ascii: "[")) else { return nil }
        var out: [COCODetection] = []
        out.reserveCapacity(bytes.count / 90)
        if expect(UInt8(ascii: "]")) { return finish(out) }
        while true {
            guard let d = object() else { return nil }
            out.append(d)
            if expect(UInt8(ascii: ",")) { continue }
            if expect(UInt8(ascii: "]")) { return finish(out) }
            return nil
        }
    }

    private mutating func finish(_ out: [COCODetection]) -> [COCODetection]? {
        skipSpace()
        return i == bytes.count - 1 ? out : nil
    }

    private mutating func object() -> COCODetection? {
        guard expect(UInt8(ascii: "{")) else { return nil }
        var imageID: Int?
        var categoryID: Int?
        var score: Double?
        var bbox: COCOBox?
        if expect(UInt8(ascii: "}")) { return nil }
        while true {
            guard let key = keyName() else { return nil }
            guard expect(UInt8(ascii: ":")) else { return nil }
            switch key {
            case .imageID: guard imageID == nil, let v = integer() else { return nil }; imageID = v
            case .categoryID: guard categoryID == nil, let v = integer() else { return nil }; categoryID = v
            case .score: guard score == nil, let v = number() else { return nil }; score = v
            case .bbox: guard bbox == nil, let v = box() else { return nil }; bbox = v
            case .other: guard skipValue(depth: 0) else { return nil }
            }
            if expect(UInt8(ascii: ",")) { continue }
            if expect(UInt8(ascii: "}")) { break }
            return nil
        }
        guard let imageID, let categoryID, let score, let bbox else { return nil }
        return COCODetection(imageID: imageID, categoryID: categoryID, bbox: bbox, score: score)
    }

    private enum Key { case imageID, categoryID, score, bbox, other }

    private mutating func keyName() -> Key? {
        guard expect(UInt8(ascii: "\"")) else { return nil }
        let start = i
        while i < bytes.count - 1 && current != UInt8(ascii: "\"") {
            if current == UInt8(ascii: "\\") { return nil }  // escaped keys: leave to JSONDecoder
            i += 1
        }
        guard current == UInt8(ascii: "\"") else { return nil }
        let key = UnsafeBufferPointer(rebasing: bytes[start..<i])
        i += 1
        if key.elementsEqual("image_id".utf8) { return .imageID }
        if key.elementsEqual("category_id".utf8) { return .categoryID }
        if key.elementsEqual("score".utf8) { return .score }
        if key.elementsEqual("bbox".utf8) { return .bbox }
        return .other
    }

    private mutating func number() -> Double? {
        skipSpace()
        let c = current
        guard c == UInt8(ascii: "-") || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) else { return nil }
        guard let base = bytes.baseAddress else { return nil }
        let start = base + i
        var end: UnsafeMutablePointer<CChar>?
        let value = start.withMemoryRebound(to: CChar.self, capacity: bytes.count - i) { p in
            strtod(p, &end)
        }
        guard let end else { return nil }
        let consumed = UnsafeRawPointer(end) - UnsafeRawPointer(start)
        if consumed <= 0 { return nil }
        i += consumed
        return value.isFinite ? value : nil
    }

    private mutating func integer() -> Int? {
        guard let v = number(), v == v.rounded(), abs(v) < 9.0e15 else { return nil }
        return Int(v)
    }

    private mutating func box() -> COCOBox? {
        guard expect(UInt8(ascii: "[")) else { return nil }
        var v: (Double, Double, Double, Double) = (0, 0, 0, 0)
        guard let a = number() else { return nil }
        v.0 = a
        for k in 1..<4 {
            guard expect(UInt8(ascii: ",")), let x = number() else { return nil }
            if k == 1 { v.1 = x } else if k == 2 { v.2 = x } else { v.3 = x }
        }
        guard expect(UInt8(ascii: "]")) else { return nil }
        return COCOBox(x: v.0, y: v.1, width: v.2, height: v.3)
    }

    /// Skips any JSON value (strings with escapes, nested containers, literals).
    private mutating func skipValue(depth: Int) -> Bool {
        if depth > 64 { return false }
        skipSpace()
        let c = current
        switch c {
        case UInt8(ascii: "\""):
            i += 1
            while i < bytes.count - 1 {
                if current == UInt8(ascii: "\\") {
                    i += 2
                } else if current == UInt8(ascii: "\"") {
                    i += 1
                    return true
                } else {
                    i += 1
                }
            }
            return false
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            let isArray = c == UInt8(ascii: "[")
            let close = isArray ? UInt8(ascii: "]") : UInt8(ascii: "}")
            i += 1
            if expect(close) { return true }
            while true {
                if !isArray {
                    guard expect(UInt8(ascii: "\"")) else { return false }
                    i -= 1
                    guard skipValue(depth: depth + 1), expect(UInt8(ascii: ":")) else { return false }
                }
                guard skipValue(depth: depth + 1) else { return false }
                if expect(UInt8(ascii: ",")) { continue }
                return expect(close)
            }
        case UInt8(ascii: "t"): return literal("true")
        case UInt8(ascii: "f"): return literal("false")
        case UInt8(ascii: "n"): return literal("null")
        default: return number() != nil
        }
    }

    private mutating func literal(_ word: String) -> Bool {
        for b in word.utf8 {
            if i >= bytes.count - 1 || current != b { return false }
            i += 1
        }
        return true
    }
}
