/// Unquoted values: integers, floats and booleans as TOML 1.0 writes them; dates and times
/// are recognised only to be refused by name.
enum TOMLBareValue {
    /// The bytes a bare value may be written with (digits, letters for hex, exponents, inf,
    /// nan, true and false, and the signs, dots, underscores and colons of numbers and times).
    static func isWordByte(_ b: UInt8) -> Bool {
        TOMLKey.isBare(b) || b == UInt8(ascii: "+") || b == UInt8(ascii: ".") || b == UInt8(ascii: ":")
    }

    static func parse(_ word: String) throws(TOMLError.Problem) -> TOMLValue {
        switch word {
        case "true": return .boolean(true)
        case "false": return .boolean(false)
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default: break
        }
        let bytes = Array(word.utf8)
        if looksLikeDateOrTime(bytes) { throw .unsupported("dates and times") }
        guard let first = bytes.first, isDigit(first) || [UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: ".")].contains(first) else {
            throw .invalidValue(word)
        }
        if bytes.count > 2 && bytes[0] == UInt8(ascii: "0"), let radix = radix(bytes[1]) {
            return .integer(try prefixedInteger(word, digits: bytes[2...], radix: radix))
        }
        return try decimal(word, bytes)
    }

    /// `1979-05-27...` or `07:32:00...`: TOML's dates and times start like that.
    private static func looksLikeDateOrTime(_ b: [UInt8]) -> Bool {
        let date = b.count >= 5 && b[0..<4].allSatisfy(isDigit) && b[4] == UInt8(ascii: "-")
        let time = b.count >= 3 && b[0..<2].allSatisfy(isDigit) && b[2] == UInt8(ascii: ":")
        return date || time
    }

    private static func radix(_ b: UInt8) -> Int? {
        switch b {
        case UInt8(ascii: "x"): return 16
        case UInt8(ascii: "o"): return 8
        case UInt8(ascii: "b"): return 2
        default: return nil
        }
    }

    /// `0x..`, `0o..`, `0b..`: no sign, underscores only between digits.
    private static func prefixedInteger(_ word: String, digits: ArraySlice<UInt8>, radix: Int) throws(TOMLError.Problem) -> Int64 {
        let valid: (UInt8) -> Bool = { b in
            switch radix {
            case 16: return isDigit(b) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66)
            case 8: return b >= 0x30 && b <= 0x37
            default: return b == 0x30 || b == 0x31
            }
        }
        guard let text = digitRun(digits, valid: valid) else {
            throw .invalidNumber(word, reason: "expected base-\(radix) digits, with '_' only between digits")
        }
        guard let value = Int64(text, radix: radix) else {
            throw .invalidNumber(word, reason: "outside the 64-bit integer range")
        }
        return value
    }

    /// `[+-]int[.frac][e[+-]exp]`: an integer unless it has a fraction or an exponent.
    private static func decimal(_ word: String, _ bytes: [UInt8]) throws(TOMLError.Problem) -> TOMLValue {
        var rest = bytes[...]
        var text = ""
        if let sign = rest.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            if sign == UInt8(ascii: "-") { text = "-" }
            rest = rest.dropFirst()
        }
        if rest.count > 1 && rest.first == UInt8(ascii: "0"), let second = rest.dropFirst().first, radix(second) != nil {
            throw .invalidNumber(word, reason: "0x, 0o and 0b take no sign")
        }
        let intEnd = rest.firstIndex { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") } ?? rest.endIndex
        if intEnd == rest.startIndex {
            throw .invalidNumber(word, reason: "expected digits before the decimal point")
        }
        guard let intPart = digitRun(rest[..<intEnd], valid: isDigit) else {
            throw .invalidNumber(word, reason: "expected digits, with '_' only between digits")
        }
        if intPart.count > 1 && intPart.hasPrefix("0") {
            throw .invalidNumber(word, reason: "leading zeros are not allowed")
        }
        text += intPart
        rest = rest[intEnd...]
        guard !rest.isEmpty else {
            guard let value = Int64(text) else { throw .invalidNumber(word, reason: "outside the 64-bit integer range") }
            return .integer(value)
        }
        if rest.first == UInt8(ascii: ".") {
            rest = rest.dropFirst()
            let fracEnd = rest.firstIndex { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") } ?? rest.endIndex
            guard let frac = digitRun(rest[..<fracEnd], valid: isDigit) else {
                throw .invalidNumber(word, reason: "expected digits after the decimal point")
            }
            text += "." + frac
            rest = rest[fracEnd...]
        }
        if !rest.isEmpty {
            rest = rest.dropFirst()  // the e or E
            var exponent = ""
            if let sign = rest.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                exponent = String(UnicodeScalar(sign))
                rest = rest.dropFirst()
            }
            guard let digits = digitRun(rest, valid: isDigit) else {
                throw .invalidNumber(word, reason: "expected digits in the exponent")
            }
            text += "e" + exponent + digits
        }
        guard let value = Double(text) else { throw .invalidNumber(word, reason: "not a float") }
        return .float(value)
    }

    /// The digits of a non-empty run that holds only `valid` bytes and underscores each
    /// between two digits; nil otherwise.
    private static func digitRun(_ run: ArraySlice<UInt8>, valid: (UInt8) -> Bool) -> String? {
        guard let first = run.first, let last = run.last, valid(first), valid(last) else { return nil }
        var digits: [UInt8] = []
        var previousWasUnderscore = false
        for b in run {
            if b == UInt8(ascii: "_") {
                if previousWasUnderscore { return nil }
                previousWasUnderscore = true
            } else if valid(b) {
                digits.append(b)
                previousWasUnderscore = false
            } else {
                return nil
            }
        }
        return String(decoding: digits, as: UTF8.self)
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
}
