import Foundation
import TestSupport
import Testing
@testable import Detector

struct FormulaWeightsTests {
    struct Listing: Decodable {
        struct Entry: Decodable {
            var name: String
            var shape: [Int]
            var first: [Float]
            var sum: Double
        }
        var tensors: [Entry]
    }

    @Test func matchesThePythonFormulaAndLayout() throws {
        let config = try ReferenceFixture.config("Tests/Fixtures/r50_synthetic/config.json")
        let data = try Data(contentsOf: RepositoryFiles.url("Tests/Fixtures/r50_synthetic/weights.json"))
        let listing = try JSONDecoder().decode(Listing.self, from: data)
        let layout = StateDictLayout.expectedShapes(of: config)
        // The architecture's names and shapes are exactly mmdetection's (as the reference builds them).
        #expect(Set(layout.map(\.name)) == Set(listing.tensors.map(\.name)))
        let shapes = Dictionary(uniqueKeysWithValues: layout.map { ($0.name, $0.shape) })
        let weights = FormulaWeights(config: config)
        for entry in listing.tensors {
            #expect(shapes[entry.name] == entry.shape, "\(entry.name)")
            let values = try weights.values(of: entry.name)
            // The listing prints 8 significant digits: equal to within one float32 ulp.
            #expect(maxDifference(values.prefix(entry.first.count), entry.first) <= 1.2e-7 * max(1, entry.first.map(abs).max() ?? 1), "\(entry.name) first values")
            let sum = values.reduce(0.0) { $0 + Double($1) }
            #expect(abs(sum - entry.sum) <= 1e-6 * max(1, abs(entry.sum)) + 1e-3, "\(entry.name) sum \(sum) vs \(entry.sum)")
        }
    }
}
