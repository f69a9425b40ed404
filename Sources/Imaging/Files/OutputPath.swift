import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file a command is about to write, checked before any work is done: it must not be a
/// folder, and it must not be one of the command's inputs, whether named by the same path,
/// another spelling of it, a symbolic link or a hard link (existing files are compared by
/// device and inode).
public enum OutputPath {
    /// Checks `path`, given with `option` (for example "--png"), against `inputs`.
    ///
    /// - Throws: ``OutputPathError`` naming the option, the path and, for a clash, the input.
    public static func check(_ path: String, option: String, inputs: [String]) throws(OutputPathError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw .isFolder(option: option, path: path)
        }
        guard let output = FileIdentity(path) else { return }  // not there yet: it cannot be an input
        for input in inputs where FileIdentity(input) == output {
            throw .isInput(option: option, path: path, input: input)
        }
    }

    /// The regular files directly inside `folder` (for commands whose input is a folder).
    public static func files(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.sorted().map { (folder as NSString).appendingPathComponent($0) }
    }
}

/// A file's device and inode, after following symbolic links.
struct FileIdentity: Equatable {
    let device: UInt64
    let inode: UInt64

    /// Nil when `path` does not name an existing file.
    init?(_ path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}
