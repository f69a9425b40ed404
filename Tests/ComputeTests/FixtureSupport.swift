import Compute
import Foundation
import TestSupport
import Testing

/// A tensor as stored in the JSON fixtures (Tools/fixtures/make_compute_fixtures.py).
struct StoredTensor: Decodable {
    var shape: [Int]
    var values: [Float]
    var tensor: Tensor { Tensor(shape: shape, storage: values) }
}

/// This target's fixtures, copied into its bundle.
let fixtureFiles = BundledFixtures(.module, writtenBy: "Tools/fixtures/make_compute_fixtures.py")

/// Decodes `Fixtures/<name>` from the test bundle.
func loadFixture<T: Decodable>(_ name: String, as type: T.Type = T.self) throws -> T {
    try JSONDecoder().decode(T.self, from: fixtureFiles.data(name))
}

/// Boxes from a flat `[x1, y1, x2, y2, ...]` list.
func boxes(_ flat: [Float]) -> [Box] {
    stride(from: 0, to: flat.count - 3, by: 4).map {
        Box(x1: flat[$0], y1: flat[$0 + 1], x2: flat[$0 + 2], y2: flat[$0 + 3])
    }
}

/// Flat `[x1, y1, x2, y2, ...]` from boxes.
func flat(_ boxes: [Box]) -> [Float] { boxes.flatMap(\.values) }

/// The largest `|a - e| / (atol + rtol * |e|)`; at most 1 means every element is close.
func closeness(_ actual: [Float], _ expected: [Float], rtol: Float, atol: Float) -> Float {
    zip(actual, expected).reduce(0) { worst, pair in
        max(worst, abs(pair.0 - pair.1) / (atol + rtol * abs(pair.1)))
    }
}

/// Expects equal counts and element-wise closeness.
func expectClose(
    _ actual: [Float], _ expected: [Float], rtol: Float = 1e-4, atol: Float = 1e-4,
    _ label: String = "", sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(actual.count == expected.count, "\(label): count \(actual.count) != \(expected.count)",
            sourceLocation: sourceLocation)
    let c = closeness(actual, expected, rtol: rtol, atol: atol)
    #expect(c <= 1, "\(label): worst error is \(c)x the tolerance", sourceLocation: sourceLocation)
}
