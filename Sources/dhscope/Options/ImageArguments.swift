import Foundation

/// Image files named on the command line, folders expanded to their JPEG and PNG files.
enum ImageArguments {
    static let extensions: Set<String> = ["jpg", "jpeg", "png"]

    /// The image files of `paths`, in order, each folder's sorted by name.
    ///
    /// - Throws: when a path does not exist, or when there are no images at all (naming the
    ///   paths); a folder without images among others with images only gets a warning.
    static func expand(_ paths: [String]) throws -> [String] {
        var out: [String] = []
        var empty: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw CLIError("\(path): no such file or folder")
            }
            if isDirectory.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                let found = names.filter { extensions.contains(($0 as NSString).pathExtension.lowercased()) }.sorted()
                    .map { (path as NSString).appendingPathComponent($0) }
                if found.isEmpty { empty.append(path) }
                out += found
            } else {
                out.append(path)
            }
        }
        if out.isEmpty {
            throw CLIError("no JPEG or PNG images in \(paths.joined(separator: ", ")) (files ending in .jpg, .jpeg or .png)")
        }
        for folder in empty { warn("\(folder): no JPEG or PNG images; skipped") }
        return out
    }
}
