import Foundation

/// The `Fixtures` folder a test target copies into its bundle (`resources: [.copy("Fixtures")]`
/// in Package.swift): pass the target's `Bundle.module` and the script that writes the files,
/// named when one is missing.
public struct BundledFixtures: Sendable {
    /// The folder's path.
    public let folder: String
    /// The script that writes the fixtures.
    public let generator: String

    public init(_ bundle: Bundle, writtenBy generator: String) {
        let resources = bundle.resourceURL ?? bundle.bundleURL
        folder = resources.appendingPathComponent("Fixtures").path
        self.generator = generator
    }

    /// The path of `name`, a path inside the folder, whether or not the file exists.
    public func path(_ name: String) -> String {
        (folder as NSString).appendingPathComponent(name)
    }

    /// The path of `name`; throws ``FixtureMissing`` when there is no such file.
    public func existingPath(_ name: String) throws -> String {
        let path = path(name)
        guard FileManager.default.fileExists(atPath: path) else { throw FixtureMissing(name: name, generator: generator) }
        return path
    }

    /// The contents of `name`; throws ``FixtureMissing`` when there is no such file.
    public func data(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: existingPath(name)))
    }

    /// The bytes of `name`, empty when it cannot be read (the comparison that follows fails).
    public func bytes(_ name: String) -> [UInt8] {
        (try? [UInt8](data(name))) ?? []
    }
}

/// A fixture file that is not there.
public struct FixtureMissing: Error, CustomStringConvertible {
    public var name: String
    public var generator: String

    public var description: String { "missing fixture \(name); run \(generator)" }
}
