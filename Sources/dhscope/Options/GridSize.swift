import ArgumentParser

/// A size written `AxB` (columns x rows, or width x height), each a whole number of at least 1.
struct GridSize: Equatable, CustomStringConvertible {
    var width: Int
    var height: Int

    var description: String { "\(width)x\(height)" }

    /// Parses `text` for an `--size` option. Declared with `parsing: .unconditional`, so a
    /// negative value reaches this check instead of being read as an option name.
    static func parse(_ text: String) throws -> GridSize {
        let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let a = Int(parts[0]), let b = Int(parts[1]), a >= 1, b >= 1 else {
            throw ValidationError("expected two whole numbers of at least 1 joined by x, for example 100x40")
        }
        return GridSize(width: a, height: b)
    }

    /// A usage error unless both sides are within `range`.
    func check(_ option: String, within range: ClosedRange<Int>) throws {
        guard range.contains(width), range.contains(height) else {
            throw ValidationError("\(option) \(self) is out of range: each side must be from \(range.lowerBound) to \(range.upperBound)")
        }
    }
}
