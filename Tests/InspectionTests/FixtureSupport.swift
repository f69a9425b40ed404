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

/// A fresh temporary directory for a test's files.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("inspection-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Writes `text` to `name` in `directory` and returns the path.
@discardableResult
func write(_ text: String, to name: String, in directory: URL) throws -> String {
    let url = directory.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
    return url.path
}
