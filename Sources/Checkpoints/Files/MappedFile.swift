#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A regular file mapped read-only into memory, unmapped when the last reference goes.
///
/// `@unchecked Sendable`: the mapping is read-only (PROT_READ, MAP_PRIVATE) and immutable
/// after init, so sharing it between threads is safe. (Truncating the file on disk while it
/// is mapped would raise SIGBUS on access; replacing or deleting it is harmless.)
final class MappedFile: @unchecked Sendable {
    /// The path the file was opened from (used in error messages).
    let path: String
    /// The mapped bytes (empty for an empty file).
    let bytes: UnsafeRawBufferPointer
    /// True when `bytes` is a heap copy (freed, not unmapped, at the end).
    private let isCopy: Bool

    /// A heap copy of `source`, for checkpoints that arrive in memory (and for fuzzing).
    init(copying source: UnsafeRawBufferPointer, name: String) {
        path = name
        isCopy = true
        guard source.count > 0, let base = source.baseAddress, let memory = malloc(source.count) else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        memory.copyMemory(from: base, byteCount: source.count)
        bytes = UnsafeRawBufferPointer(start: memory, count: source.count)
    }

    init(path: String) throws(CheckpointError) {
        self.path = path
        isCopy = false
        var st = stat()
        guard stat(path, &st) == 0 else {
            throw CheckpointError(.unreadable, file: path, "cannot open (\(Self.errnoText())); check the path")
        }
        // Refuse FIFOs, devices and directories: open() on a FIFO would block.
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            throw CheckpointError(.unreadable, file: path, "not a regular file")
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw CheckpointError(.unreadable, file: path, "cannot open (\(Self.errnoText())); check the permissions")
        }
        defer { close(fd) }
        guard fstat(fd, &st) == 0 else {
            throw CheckpointError(.unreadable, file: path, "cannot stat (\(Self.errnoText()))")
        }
        let size = Int(st.st_size)
        guard size > 0 else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0)
        guard let p, p != MAP_FAILED else {
            throw CheckpointError(.unreadable, file: path, "cannot memory-map (\(Self.errnoText()))")
        }
        bytes = UnsafeRawBufferPointer(start: UnsafeRawPointer(p), count: size)
    }

    /// Lets the kernel drop this process's resident pages of `region` (a part of ``bytes``
    /// already copied out): a read-only file mapping refaults them from the page cache if
    /// they are read again, so nothing changes but the resident set, which no longer holds
    /// the checkpoint beside the weights made from it. Does nothing for a copy in memory.
    func releaseResidentPages(of region: UnsafeRawBufferPointer) {
        guard !isCopy, let base = bytes.baseAddress, let start = region.baseAddress, region.count > 0 else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        guard page > 0, start >= base, start + region.count <= base + bytes.count else { return }
        let first = (Int(bitPattern: start) + page - 1) / page * page
        let last = (Int(bitPattern: start) + region.count) / page * page
        guard last > first, let pointer = UnsafeMutableRawPointer(bitPattern: first) else { return }
        _ = madvise(pointer, last - first, MADV_DONTNEED)
    }

    deinit {
        if let base = bytes.baseAddress {
            if isCopy {
                free(UnsafeMutableRawPointer(mutating: base))
            } else {
                munmap(UnsafeMutableRawPointer(mutating: base), bytes.count)
            }
        }
    }

    private static func errnoText() -> String {
        String(cString: strerror(errno))
    }
}
