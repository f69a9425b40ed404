/// What TOML allows in keys, and how key paths are written in messages.
enum TOMLKey {
    /// Bare keys are A-Za-z0-9, '_' and '-' (TOML 1.0).
    static func isBare(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x5F || b == 0x2D
    }

    /// `a.b."c d"`: each part bare when it can be, else quoted.
    static func display(_ parts: some Sequence<String>) -> String {
        parts.map(displayPart).joined(separator: ".")
    }

    private static func displayPart(_ part: String) -> String {
        if !part.isEmpty && part.utf8.allSatisfy(isBare) { return part }
        var quoted = "\""
        for scalar in part.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                quoted += "\\u" + TOMLError.scalarName(scalar.value).dropFirst(2)
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + "\""
    }
}
