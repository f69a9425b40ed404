/// Why an image could not be read or written. Always names the file.
public struct ImageError: Error, Equatable, CustomStringConvertible, Sendable {
    public enum Reason: Equatable, Sendable {
        /// The file could not be opened or read (missing, permissions, a directory).
        case unreadable(String)
        /// The file holds no bytes.
        case empty
        /// The bytes are neither JPEG nor PNG.
        case unknownFormat
        /// The decoder rejected the data; the associated text is its explanation.
        case corrupt(String)
        /// Width x height exceeds the configured pixel limit (decompression-bomb guard).
        case tooLarge(String)
        /// An allocation failed.
        case outOfMemory
        /// Writing the output failed.
        case writeFailed(String)
    }

    public let file: String
    public let reason: Reason

    public init(file: String, reason: Reason) {
        self.file = file
        self.reason = reason
    }

    public var description: String {
        switch reason {
        case .unreadable(let why): return "\(file): cannot read the file (\(why))"
        case .empty: return "\(file): the file is empty"
        case .unknownFormat: return "\(file): not a JPEG or PNG image"
        case .corrupt(let why): return "\(file): corrupt or truncated image (\(why))"
        case .tooLarge(let why):
            return "\(file): image too large (\(why)); raise the limit with --max-pixels if you trust this file"
        case .outOfMemory: return "\(file): out of memory while decoding"
        case .writeFailed(let why): return "\(file): cannot write (\(why))"
        }
    }
}
