import Foundation

/// The path of a file under Fixtures/.
func fixturePath(_ relative: String) throws -> String {
    guard let base = Bundle.module.resourceURL?.appendingPathComponent("Fixtures") else {
        throw FixtureMissing(name: relative)
    }
    let path = base.appendingPathComponent(relative).path
    guard FileManager.default.fileExists(atPath: path) else { throw FixtureMissing(name: relative) }
    return path
}

struct FixtureMissing: Error, CustomStringConvertible {
    var name: String
    var description: String { "missing fixture \(name); run Tools/fixtures/make_coco_fixtures.py" }
}
