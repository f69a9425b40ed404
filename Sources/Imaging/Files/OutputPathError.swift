import Foundation

/// An output path a command must not write.
public enum OutputPathError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The output names an existing folder.
    case isFolder(option: String, path: String)
    /// The output is one of the command's inputs.
    case isInput(option: String, path: String, input: String)

    public var description: String {
        switch self {
        case let .isFolder(option, path):
            return "\(option) \(path): is a folder; give the path of a file to write, for example "
                + (path as NSString).appendingPathComponent("out.png")
        case let .isInput(option, path, input):
            let how = path == input ? "" : " (the same file as \(input))"
            return "\(option) \(path) is one of this command's input files\(how); refusing to write over it: "
                + "choose another \(option) path"
        }
    }
}
