import Foundation

/// Files' SHA-256 digests, remembered by path, size, modification time and inode (as git
/// remembers its index), so that reopening a dataset reads no image twice. The memory lives
/// in one tab-separated file that is only ever appended to; a line that does not parse is
/// ignored, so a torn write costs a re-hash, never a wrong key.
public final class FileDigests: @unchecked Sendable {
    private struct Identity: Equatable {
        var size: Int64, seconds: Int64, nanoseconds: Int64, inode: UInt64
    }

    private let cachePath: String?
    private let lock = NSLock()
    private var known: [String: (Identity, String)] = [:]

    /// Digests remembered in `cachePath` (nil: remember nothing).
    public init(cachePath: String?) {
        self.cachePath = cachePath
        guard let cachePath, let text = try? String(contentsOfFile: cachePath, encoding: .utf8) else { return }
        for line in text.split(separator: "\n") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard f.count == 6, f[0].count == 64, f[0].allSatisfy(\.isHexDigit),
                  let size = Int64(f[1]), let s = Int64(f[2]), let ns = Int64(f[3]), let inode = UInt64(f[4]) else { continue }
            known[String(f[5])] = (Identity(size: size, seconds: s, nanoseconds: ns, inode: inode), String(f[0]))
        }
    }

    /// The SHA-256 of the file at `path` as 64 hex digits, from memory when the file has not
    /// changed since it was hashed.
    public func digest(ofFileAt path: String) throws(StoreError) -> String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let before = try Self.identity(absolute)
        if let (identity, digest) = lock.withLock({ known[absolute] }), identity == before { return digest }
        let digest = try Self.digest(ofFileAt: absolute)
        // A file changed while being read is hashed again next time.
        guard (try? Self.identity(absolute)) == before else { return digest }
        lock.withLock { known[absolute] = (before, digest) }
        remember(absolute, before, digest)
        return digest
    }

    /// The SHA-256 of the file at `path`, reading it all.
    public static func digest(ofFileAt path: String) throws(StoreError) -> String {
        guard let file = fopen(path, "rb") else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        defer { fclose(file) }
        var hash = SHA256()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if n > 0 { buffer.withUnsafeBytes { hash.update(UnsafeRawBufferPointer(rebasing: $0.prefix(n))) } }
            if n < buffer.count {
                guard ferror(file) == 0 else { throw .unreadable(path: path, reason: "read error") }
                break
            }
        }
        return hash.finalize().hexString
    }

    private static func identity(_ path: String) throws(StoreError) -> Identity {
        var st = stat()
        guard stat(path, &st) == 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw .unreadable(path: path, reason: "not a regular file") }
        return Identity(size: Int64(st.st_size), seconds: Int64(st.st_mtim.tv_sec), nanoseconds: Int64(st.st_mtim.tv_nsec),
                        inode: UInt64(st.st_ino))
    }

    /// Adds what `other` remembers and this does not (written to this one's file).
    func absorb(contentsOf other: FileDigests) {
        let theirs = other.lock.withLock { other.known }
        for (path, (identity, digest)) in theirs {
            let isNew = lock.withLock { () -> Bool in
                guard known[path] == nil else { return false }
                known[path] = (identity, digest)
                return true
            }
            if isNew { remember(path, identity, digest) }
        }
    }

    private func remember(_ path: String, _ identity: Identity, _ digest: String) {
        // Paths with a tab or newline cannot be written in this format: they are re-hashed.
        guard let cachePath, !path.contains("\t"), !path.contains("\n") else { return }
        let line = "\(digest)\t\(identity.size)\t\(identity.seconds)\t\(identity.nanoseconds)\t\(identity.inode)\t\(path)\n"
        let fd = open(cachePath, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        guard fd >= 0 else { return }
        defer { close(fd) }
        // One write per line, so concurrent writers (shards on one store) interleave whole lines.
        _ = Array(line.utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }
}
