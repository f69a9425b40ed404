import Foundation

/// The analysis store: a folder of entries, one file per (model, image) pair, named by the
/// SHA-256 of the model file and of the image file (docs/STORE.md):
///
///     ROOT/store.json                          {"format": "dhscope-store", "version": 1}
///     ROOT/digests.tsv                         remembered file digests (``FileDigests``)
///     ROOT/models/<model sha256>/model.json    which model file, its classes
///     ROOT/models/<model sha256>/<2 hex>/<image sha256>.dhs   one entry (``EntryCodec``)
///
/// Entries are written to a temporary file and renamed into place, so a reader never sees
/// half an entry, a killed run keeps every entry it finished, and several processes (shards
/// of one job) can fill one store at once, on a shared file system too. A damaged entry is
/// deleted with a notice and its image analysed again.
public final class AnalysisStore: @unchecked Sendable {
    /// The store's folder.
    public let root: String
    /// File digests, remembered in the store.
    public let digests: FileDigests
    /// Called with one line per problem the store repaired (damaged entries, a damaged
    /// store.json).
    private let notice: @Sendable (String) -> Void

    static let formatName = "dhscope-store"
    static let formatVersion = 1
    /// Changes when the numbers an analysis holds change (a fix in the network's code):
    /// entries of another analysis version are not used.
    static let analysisVersion = 1

    private init(root: String, notice: @escaping @Sendable (String) -> Void) {
        self.root = root
        self.notice = notice
        digests = FileDigests(cachePath: (root as NSString).appendingPathComponent("digests.tsv"))
    }

    /// The store at `path`, created when the folder is missing or empty.
    /// - Throws: ``StoreError`` when the folder cannot be created, holds something else, or
    ///   was written by a newer dhscope.
    public static func open(at path: String, notice: @escaping @Sendable (String) -> Void = { _ in }) throws(StoreError) -> AnalysisStore {
        let root = URL(fileURLWithPath: path).standardizedFileURL.path
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: root, withIntermediateDirectories: true)
        } catch {
            throw .unwritable(path: root, reason: Self.reason(error))
        }
        let marker = (root as NSString).appendingPathComponent("store.json")
        if let data = fm.contents(atPath: marker) {
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            if let object, object["format"] as? String == formatName, let version = object["version"] as? Int {
                guard version <= formatVersion else { throw .newerFormat(path: root, version: version) }
            } else {
                notice("\(marker): damaged (\(data.count) bytes that are not a store marker); rewritten, entries are checked as they are read")
                try writeMarker(marker)
            }
        } else {
            let contents = (try? fm.contentsOfDirectory(atPath: root)) ?? []
            // Only our own files may be there without a marker (a marker lost to a crash).
            guard contents.allSatisfy({ ["models", "digests.tsv"].contains($0) || $0.hasPrefix(".") }) else {
                throw .notAStore(path: root)
            }
            try writeMarker(marker)
        }
        return AnalysisStore(root: root, notice: notice)
    }

    /// The folder of `model`'s entries.
    public func modelFolder(_ model: String) -> String {
        (root as NSString).appendingPathComponent("models/\(model)-a\(Self.analysisVersion)")
    }

    /// Where the entry of `image` under `model` lives.
    public func entryPath(model: String, image: String) -> String {
        (modelFolder(model) as NSString).appendingPathComponent("\(image.prefix(2))/\(image).dhs")
    }

    /// The summary of an entry (reads its first bytes only); nil when there is none or it is
    /// damaged (then it is deleted, with a notice).
    public func summary(model: String, image: String) -> StoreSummary? {
        let path = entryPath(model: model, image: image)
        // One open and one read in the common case: summaries are a few KB.
        guard let (front, size) = Self.readFront(path, count: 32 << 10) else { return nil }
        do {
            let sizes = try EntryCodec.sectionSizes(header: front)
            // The analysis is not read here, but a file cut short or grown is damage now.
            let announced = EntryCodec.headerSize + sizes.summary + sizes.analysis
            guard size == announced else { throw EntryDamage.truncated("the entry (\(size) bytes, \(announced) announced)") }
            let needed = EntryCodec.headerSize + sizes.summary
            guard front.count >= needed else {
                guard sizes.summary <= 64 << 20, let longer = Self.read(path, count: needed) else { throw EntryDamage.truncated("summary") }
                return try EntryCodec.summary(from: longer)
            }
            return try EntryCodec.summary(from: front)
        } catch {
            discard(path, because: error)
            return nil
        }
    }

    /// A whole entry; nil when there is none or it is damaged (deleted, with a notice).
    public func entry(model: String, image: String) -> StoreEntry? {
        let path = entryPath(model: model, image: image)
        guard let bytes = Self.read(path, count: nil) else { return nil }
        do {
            return try EntryCodec.decode(bytes)
        } catch {
            discard(path, because: error)
            return nil
        }
    }

    /// Writes an entry (atomically: a temporary file renamed into place).
    public func write(_ bytes: [UInt8], model: String, image: String) throws(StoreError) {
        let path = entryPath(model: model, image: image)
        try Self.atomicWrite(bytes, to: path)
    }

    /// Records which model file a model digest is (for `store info`); once per model.
    public func describeModel(_ model: String, file: String, classNames: [String]) {
        let path = (modelFolder(model) as NSString).appendingPathComponent("model.json")
        guard !FileManager.default.fileExists(atPath: path) else { return }
        let object: [String: Any] = ["sha256": model, "file": (file as NSString).lastPathComponent,
                                     "analysis": Self.analysisVersion, "classes": classNames]
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
        try? Self.atomicWrite(Array(data), to: path)
    }

    /// The image digests with an entry under `model`.
    public func images(model: String) -> [String] {
        let folder = modelFolder(model)
        let fm = FileManager.default
        let buckets = ((try? fm.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.count == 2 }.sorted()
        return buckets.flatMap { bucket in
            ((try? fm.contentsOfDirectory(atPath: (folder as NSString).appendingPathComponent(bucket))) ?? [])
                .filter { $0.hasSuffix(".dhs") && $0.count == 68 }
                .map { String($0.prefix(64)) }
                .sorted()
        }
    }

    /// The model digests the store holds entries for.
    public func models() -> [String] {
        let folder = (root as NSString).appendingPathComponent("models")
        let suffix = "-a\(Self.analysisVersion)"
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasSuffix(suffix) && $0.count == 64 + suffix.count }
            .map { String($0.prefix(64)) }
            .sorted()
    }

    /// The model description written by ``describeModel(_:file:classNames:)``, if any.
    public func modelDescription(_ model: String) -> (file: String, classes: [String])? {
        let path = (modelFolder(model) as NSString).appendingPathComponent("model.json")
        guard let data = FileManager.default.contents(atPath: path),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        return (object["file"] as? String ?? "?", object["classes"] as? [String] ?? [])
    }

    private func discard(_ path: String, because error: Error) {
        try? FileManager.default.removeItem(atPath: path)
        notice("\(path): damaged store entry (\(error)); removed, the image is analysed again")
    }

    private static func writeMarker(_ path: String) throws(StoreError) {
        let text = "{\"format\": \"\(formatName)\", \"version\": \(formatVersion)}\n"
        try atomicWrite(Array(text.utf8), to: path)
    }

    static func atomicWrite(_ bytes: [UInt8], to path: String) throws(StoreError) {
        let folder = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .unwritable(path: folder, reason: reason(error))
        }
        // Unique per process and thread, so concurrent writers never share a temporary file.
        let temporary = "\(path).\(getpid()).\(UInt64(pthread_self())).tmp"
        let fd = Glibc.open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw .unwritable(path: folder, reason: String(cString: strerror(errno))) }
        var written = 0
        let ok = bytes.withUnsafeBytes { buffer -> Bool in
            guard let base = buffer.baseAddress else { return true }
            while written < buffer.count {
                let n = Foundation.write(fd, base + written, buffer.count - written)
                guard n > 0 else { return false }
                written += n
            }
            return true
        }
        let why = String(cString: strerror(errno))
        close(fd)
        guard ok, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw .unwritable(path: path, reason: ok ? String(cString: strerror(errno)) : why)
        }
    }

    static func fileSize(_ path: String) -> Int {
        var st = stat()
        return stat(path, &st) == 0 ? Int(st.st_size) : -1
    }

    /// The first `count` bytes of a file (all when nil), fewer when it is shorter; nil when
    /// it cannot be opened.
    static func read(_ path: String, count: Int?) -> [UInt8]? {
        readFront(path, count: count).map(\.bytes)
    }

    /// The first `count` bytes of a file (all when nil) and the file's size.
    static func readFront(_ path: String, count: Int?) -> (bytes: [UInt8], size: Int)? {
        let fd = Glibc.open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return nil }
        let size = Int(st.st_size)
        // A short file yields what is there, and the decoder names what is missing.
        let n = min(count ?? size, size)
        var bytes = [UInt8](repeating: 0, count: n)
        var done = 0
        while done < n {
            let got = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return pread(fd, base + done, n - done, off_t(done))
            }
            guard got > 0 else { break }
            done += got
        }
        if done < n { bytes.removeSubrange(done...) }
        return (bytes, size)
    }

    private static func reason(_ error: Error) -> String {
        (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
    }
}
