import Foundation

/// Image files split by whether a ground truth lists them (matched by file name, as every
/// command matches them). Commands work on the listed files and skip the others, with one
/// warning line each.
public struct GroundTruthSelection: Sendable, Equatable {
    /// The files the ground truth lists, in the order given.
    public var listed: [String]
    /// The files it does not list, in the order given.
    public var unlisted: [String]

    public init(listed: [String], unlisted: [String]) {
        self.listed = listed
        self.unlisted = unlisted
    }

    /// One line per unlisted file, naming it and the ground truth `source`.
    public func warnings(source: String) -> [String] {
        unlisted.map { "\($0): not in \(source) (images are matched by file name); skipped" }
    }
}

extension GroundTruth {
    /// `files` split by whether this ground truth lists them.
    public func select(_ files: [String]) -> GroundTruthSelection {
        var selection = GroundTruthSelection(listed: [], unlisted: [])
        for file in files {
            if image(forFileAt: file) != nil {
                selection.listed.append(file)
            } else {
                selection.unlisted.append(file)
            }
        }
        return selection
    }
}
