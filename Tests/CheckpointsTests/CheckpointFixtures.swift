import Foundation
import TestSupport

/// The committed fixtures, in the target's bundle.
let checkpointFixtures = BundledFixtures(.module, writtenBy: "Tools/fixtures/make_checkpoint_fixtures.py")

/// Paths of the committed fixtures (written by Tools/fixtures/make_checkpoint_fixtures.py).
enum CheckpointFixtures {
    static var folder: String { checkpointFixtures.folder }

    static func path(_ name: String) -> String { checkpointFixtures.path(name) }

    static func bytes(_ name: String) -> [UInt8] { checkpointFixtures.bytes(name) }
}

/// One tensor of an expected-values JSON.
struct ExpectedTensor: Decodable {
    let name: String
    let dtype: String
    let shape: [Int]
    /// Flat C-order values as torch computed them (float64; exact for every fixture value).
    let values: [Double]

    private enum CodingKeys: String, CodingKey { case name, dtype, shape, values }

    /// Non-finite values are written as the strings "inf", "-inf" and "nan".
    private enum Value: Decodable {
        case number(Double)
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let d = try? c.decode(Double.self) {
                self = .number(d)
                return
            }
            switch try c.decode(String.self) {
            case "inf": self = .number(.infinity)
            case "-inf": self = .number(-.infinity)
            default: self = .number(.nan)
            }
        }
    }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        dtype = try c.decode(String.self, forKey: .dtype)
        shape = try c.decode([Int].self, forKey: .shape)
        values = try c.decode([Value].self, forKey: .values).map { if case .number(let d) = $0 { d } else { .nan } }
    }
}

/// An expected-values JSON written next to the fixtures. (JSONDecoder, not JSONSerialization:
/// the latter rounds some doubles on Linux.)
struct ExpectedFile: Decodable {
    let tensors: [ExpectedTensor]
    let metadata: [String: String]?

    init(_ name: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: CheckpointFixtures.path(name)))
        self = try JSONDecoder().decode(ExpectedFile.self, from: data)
    }
}
