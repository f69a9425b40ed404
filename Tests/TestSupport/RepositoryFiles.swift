import Foundation

/// The one way a test finds files of the repository it runs from: Samples/, Themes/, Fuzz/
/// and the fixtures in Tests/Fixtures (``SharedFixtures``). A target's own fixtures, copied
/// into its bundle, are found with ``BundledFixtures``.
public enum RepositoryFiles {
    /// The repository's root folder (this file is Tests/TestSupport/RepositoryFiles.swift).
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The file at `relativePath`, a path from the root.
    public static func url(_ relativePath: String) -> URL {
        root.appendingPathComponent(relativePath)
    }

    /// The path of the file at `relativePath`, a path from the root.
    public static func path(_ relativePath: String) -> String {
        url(relativePath).path
    }
}
