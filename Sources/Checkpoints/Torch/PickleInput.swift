/// The bytes of one pickle as ``PickleMachine`` reads them: a cursor that never reads past
/// the end of the file or past ``CheckpointLimits/maxPickleBytes``, whichever comes first.
struct PickleInput {
    private let bytes: UnsafeRawBufferPointer
    private let file: String
    private let maxBytes: Int
    /// The offset of the next byte to read.
    private(set) var position = 0
    /// One past the last byte this pickle may use (the file end or the size limit).
    private var end = 0
    /// Whether `end` is the size limit rather than the file end (it decides the error).
    private var limitedBySize = false

    init(bytes: UnsafeRawBufferPointer, file: String, maxBytes: Int) {
        self.bytes = bytes
        self.file = file
        self.maxBytes = maxBytes
    }

    /// Moves to byte `start` and bounds the pickle that begins there.
    mutating func start(at start: Int) throws(CheckpointError) {
        guard start >= 0, start <= bytes.count else { throw ranOut() }
        position = start
        let available = bytes.count - start
        limitedBySize = available > maxBytes
        end = start + min(max(available, 0), maxBytes)
    }

    mutating func byte() throws(CheckpointError) -> UInt8 {
        guard position < end else { throw ranOut() }
        let b = bytes[position]
        position += 1
        return b
    }

    /// An unsigned little-endian integer of `n` (at most 4) bytes.
    mutating func uint(_ n: Int) throws(CheckpointError) -> UInt32 {
        UInt32(truncatingIfNeeded: Self.littleEndian(try read(n)))
    }

    /// A signed 4-byte length (LONG4, BINSTRING); `opcode` names it if it is negative.
    mutating func signedLength(of opcode: String) throws(CheckpointError) -> Int {
        let n = Int(Int32(bitPattern: try uint(4)))
        guard n >= 0 else { throw malformed("negative \(opcode) length") }
        return n
    }

    /// An 8-byte length, which must fit in what is left of the pickle.
    mutating func length8() throws(CheckpointError) -> Int {
        let v = Self.littleEndian(try read(8))
        guard let n = Int(exactly: v), n <= end - position else { throw ranOut() }
        return n
    }

    /// A big-endian IEEE float64 (BINFLOAT, unlike every other number, is big-endian).
    mutating func bigEndianDouble() throws(CheckpointError) -> Double {
        let raw = try read(8)
        var bits: UInt64 = 0
        for b in raw { bits = bits << 8 | UInt64(b) }
        return Double(bitPattern: bits)
    }

    /// The next `n` bytes, read in place.
    mutating func read(_ n: Int) throws(CheckpointError) -> UnsafeRawBufferPointer {
        guard n >= 0, n <= end - position, let s = bytes.slice(offset: position, length: n) else { throw ranOut() }
        position += n
        return s
    }

    /// The next `n` bytes as UTF-8 text.
    mutating func text(_ n: Int) throws(CheckpointError) -> String {
        String(decoding: try read(n), as: UTF8.self)
    }

    /// A newline-terminated line of text (GLOBAL's module and name), without the newline.
    mutating func line() throws(CheckpointError) -> String {
        let start = position
        while true {
            // Module and attribute names are short; a long "line" is not a real global.
            guard position - start <= 512 else { throw malformed("GLOBAL name too long") }
            if try byte() == 0x0A { break }
        }
        guard let s = bytes.slice(offset: start, length: position - 1 - start) else { throw ranOut() }
        return String(decoding: s, as: UTF8.self)
    }

    /// The unsigned little-endian value of at most 8 bytes (pickle's byte order for every
    /// integer and length).
    static func littleEndian(_ raw: UnsafeRawBufferPointer) -> UInt64 {
        var v: UInt64 = 0
        for (i, b) in raw.enumerated() { v |= UInt64(b) << (8 * UInt64(i)) }
        return v
    }

    // MARK: - Errors

    /// A malformed-pickle error naming the current byte.
    func malformed(_ what: String) -> CheckpointError {
        CheckpointError(.badHeader, file: file, "malformed pickle at byte \(position): \(what)")
    }

    /// The pickle ends early: at the size limit or at the end of the file.
    private func ranOut() -> CheckpointError {
        if limitedBySize {
            return CheckpointError(.limitExceeded, file: file,
                                   "pickle larger than \(maxBytes) bytes (CheckpointLimits.maxPickleBytes)")
        }
        return CheckpointError(.truncated, file: file,
                               "the file ends inside a pickle (byte \(position) of \(bytes.count)); it is truncated, download or copy it again")
    }
}
