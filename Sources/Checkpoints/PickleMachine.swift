/// A restricted pickle interpreter for PyTorch checkpoints.
///
/// It implements the opcodes torch.save emits (protocols 2 to 5, binary forms) and
/// understands only a handful of globals: `collections.OrderedDict`, the tensor and
/// parameter rebuild functions, the storage classes and dtypes, `set`/`frozenset` and
/// `torch.Size`. It never imports or calls anything: every other global becomes an
/// ``PickleValue/opaque(_:)`` value (harmless if it sits in ignorable metadata), and
/// globals from modules that only exploits use (`os`, `subprocess`, `builtins.eval`, ...)
/// are refused at once. Stack, memo and input size are bounded by ``CheckpointLimits``.
struct PickleMachine {
    private let bytes: UnsafeRawBufferPointer
    private let file: String
    private let limits: CheckpointLimits
    /// One past the last byte this pickle may use (the file end or the size limit).
    private var end = 0
    private var limitedBySize = false
    private var pos = 0
    private var stack: [PickleValue] = []
    private var marks: [Int] = []
    private var memo: [Int: PickleValue] = [:]
    /// Every storage a persistent id named, across all pickles run (legacy files need the
    /// element size of each key, including storages of tensors outside the state_dict).
    private(set) var storageTypes: [String: DType] = [:]
    /// Every container created, so ``releaseContainers()`` can break cycles.
    private var containers: [any PickleContainer] = []

    init(bytes: UnsafeRawBufferPointer, file: String, limits: CheckpointLimits) {
        self.bytes = bytes
        self.file = file
        self.limits = limits
    }

    /// Runs one pickle starting at byte `start`; returns its value and the offset after STOP.
    mutating func run(from start: Int) throws(CheckpointError) -> (value: PickleValue, end: Int) {
        stack.removeAll(keepingCapacity: true)
        marks.removeAll()
        memo.removeAll()
        guard start >= 0, start <= bytes.count else { throw ranOut() }
        pos = start
        let available = bytes.count - start
        limitedBySize = available > limits.maxPickleBytes
        end = start + min(max(available, 0), limits.maxPickleBytes)
        while true {
            let opPos = pos
            let op = try byte()
            switch op {
            case 0x80: // PROTO
                let proto = try byte()
                guard proto <= 5 else { throw malformed("unsupported pickle protocol \(proto)") }
            case 0x95: // FRAME: an 8-byte length we do not need (we read in place)
                _ = try read(8)
            case 0x2E: // STOP
                guard let value = stack.popLast() else {
                    throw malformed("STOP with an empty stack")
                }
                return (value, pos)
            case 0x28: // MARK
                guard marks.count < limits.maxStackDepth else { throw limit("pickle mark stack") }
                marks.append(stack.count)
            case 0x30: // POP
                if stack.popLast() == nil {
                    // POP with an empty stack pops the mark, as in CPython.
                    guard marks.popLast() != nil else { throw malformed("POP with an empty stack") }
                }
            case 0x31: // POP_MARK
                _ = try popMark()
            case 0x32: // DUP
                try push(try top())
            case 0x4E: try push(.none) // NONE
            case 0x88: try push(.bool(true)) // NEWTRUE
            case 0x89: try push(.bool(false)) // NEWFALSE
            case 0x4A: // BININT
                let v = Int32(bitPattern: try uint(4))
                try push(.int(Int64(v)))
            case 0x4B: try push(.int(Int64(try byte()))) // BININT1
            case 0x4D: try push(.int(Int64(try uint(2)))) // BININT2
            case 0x8A: // LONG1
                let n = Int(try byte())
                try push(long(try read(n)))
            case 0x8B: // LONG4
                let n = Int(Int32(bitPattern: try uint(4)))
                guard n >= 0 else { throw malformed("negative LONG4 length") }
                try push(long(try read(n)))
            case 0x47: // BINFLOAT: big-endian float64
                let raw = try read(8)
                var bits: UInt64 = 0
                for b in raw { bits = bits << 8 | UInt64(b) }
                try push(.float(Double(bitPattern: bits)))
            case 0x58: try push(.string(text(try read(Int(try uint(4)))))) // BINUNICODE
            case 0x8C: try push(.string(text(try read(Int(try byte()))))) // SHORT_BINUNICODE
            case 0x8D: try push(.string(text(try read(try length8())))) // BINUNICODE8
            case 0x54: // BINSTRING (Python 2 str, signed length)
                let n = Int(Int32(bitPattern: try uint(4)))
                guard n >= 0 else { throw malformed("negative BINSTRING length") }
                try push(.string(text(try read(n))))
            case 0x55: try push(.string(text(try read(Int(try byte()))))) // SHORT_BINSTRING
            case 0x42: try push(.bytes(count: try read(Int(try uint(4))).count)) // BINBYTES
            case 0x43: try push(.bytes(count: try read(Int(try byte())).count)) // SHORT_BINBYTES
            case 0x8E, 0x96: try push(.bytes(count: try read(try length8()).count)) // BINBYTES8, BYTEARRAY8
            case 0x29: try push(.tuple([])) // EMPTY_TUPLE
            case 0x74: try push(.tuple(try popMark())) // TUPLE
            case 0x85: // TUPLE1
                let a = try pop()
                try push(.tuple([a]))
            case 0x86: // TUPLE2
                let b = try pop(), a = try pop()
                try push(.tuple([a, b]))
            case 0x87: // TUPLE3
                let c = try pop(), b = try pop(), a = try pop()
                try push(.tuple([a, b, c]))
            case 0x5D: try pushNew(.list(PickleList())) // EMPTY_LIST
            case 0x6C: try pushNew(.list(PickleList(try popMark()))) // LIST
            case 0x61: // APPEND
                let v = try pop()
                guard case .list(let list) = try top() else { throw malformed("APPEND to a non-list") }
                list.items.append(v)
            case 0x65: // APPENDS
                let items = try popMark()
                guard case .list(let list) = try top() else { throw malformed("APPENDS to a non-list") }
                list.items.append(contentsOf: items)
            case 0x7D: try pushNew(.dict(PickleDict())) // EMPTY_DICT
            case 0x64: // DICT
                let items = try popMark()
                try pushNew(.dict(try makeDict(items)))
            case 0x73: // SETITEM
                let v = try pop(), k = try pop()
                guard case .dict(let d) = try top() else { throw malformed("SETITEM on a non-dict") }
                d.set(k, v)
            case 0x75: // SETITEMS
                let items = try popMark()
                guard case .dict(let d) = try top() else { throw malformed("SETITEMS on a non-dict") }
                try fill(d, items)
            case 0x8F: try pushNew(.set(PickleList())) // EMPTY_SET
            case 0x90: // ADDITEMS
                let items = try popMark()
                guard case .set(let s) = try top() else { throw malformed("ADDITEMS on a non-set") }
                s.items.append(contentsOf: items)
            case 0x91: try pushNew(.set(PickleList(try popMark()))) // FROZENSET
            case 0x63: // GLOBAL: "module\nname\n"
                let module = try line(), name = try line()
                try push(try global(module, name))
            case 0x93: // STACK_GLOBAL
                let name = try pop(), module = try pop()
                guard let m = module.string, let n = name.string else {
                    throw malformed("STACK_GLOBAL needs two strings")
                }
                try push(try global(m, n))
            case 0x52: // REDUCE
                let args = try pop(), callable = try pop()
                try pushNew(try call(callable, args: args))
            case 0x81: // NEWOBJ
                let args = try pop(), cls = try pop()
                try pushNew(try call(cls, args: args))
            case 0x92: // NEWOBJ_EX
                _ = try pop()
                let args = try pop(), cls = try pop()
                try pushNew(try call(cls, args: args))
            case 0x62: // BUILD: object state; nothing we keep needs it (OrderedDict._metadata, ...)
                _ = try pop()
                _ = try top()
            case 0x51: // BINPERSID
                let pid = try pop()
                let storage = try persistentLoad(pid)
                if case .storage(let ref) = storage { storageTypes[ref.key] = ref.dtype }
                try push(storage)
            case 0x71: try put(Int(try byte())) // BINPUT
            case 0x72: try put(Int(try uint(4))) // LONG_BINPUT
            case 0x94: try put(memo.count) // MEMOIZE
            case 0x68: try get(Int(try byte())) // BINGET
            case 0x6A: try get(Int(try uint(4))) // LONG_BINGET
            default:
                throw CheckpointError(
                    .unknownOpcode, file: file,
                    "unsupported pickle opcode 0x\(String(op, radix: 16)) at byte \(opPos); "
                        + "the restricted loader only reads what torch.save writes (re-save the checkpoint "
                        + "with torch.save, or convert it to safetensors)")
            }
        }
    }

    /// Empties every container this machine created; call once the values are no longer needed.
    mutating func releaseContainers() {
        for c in containers { c.clear() }
        containers = []
    }

    /// Pushes a value, remembering it if it is a new container.
    private mutating func pushNew(_ v: PickleValue) throws(CheckpointError) {
        switch v {
        case .list(let c), .set(let c): containers.append(c)
        case .dict(let d): containers.append(d)
        default: break
        }
        try push(v)
    }

    // MARK: - Input

    private mutating func byte() throws(CheckpointError) -> UInt8 {
        guard pos < end else { throw ranOut() }
        let b = bytes[pos]
        pos += 1
        return b
    }

    private mutating func uint(_ n: Int) throws(CheckpointError) -> UInt32 {
        let raw = try read(n)
        var v: UInt32 = 0
        for (i, b) in raw.enumerated() { v |= UInt32(b) << (8 * UInt32(i)) }
        return v
    }

    private mutating func length8() throws(CheckpointError) -> Int {
        let raw = try read(8)
        var v: UInt64 = 0
        for (i, b) in raw.enumerated() { v |= UInt64(b) << (8 * UInt64(i)) }
        guard let n = Int(exactly: v), n <= end - pos else { throw ranOut() }
        return n
    }

    private mutating func read(_ n: Int) throws(CheckpointError) -> UnsafeRawBufferPointer {
        guard n >= 0, n <= end - pos, let s = bytes.slice(offset: pos, length: n) else { throw ranOut() }
        pos += n
        return s
    }

    private mutating func line() throws(CheckpointError) -> String {
        let start = pos
        while true {
            // Module and attribute names are short; a long "line" is not a real global.
            guard pos - start <= 512 else { throw malformed("GLOBAL name too long") }
            if try byte() == 0x0A { break }
        }
        guard let s = bytes.slice(offset: start, length: pos - 1 - start) else { throw ranOut() }
        return text(s)
    }

    private func text(_ raw: UnsafeRawBufferPointer) -> String {
        String(decoding: raw, as: UTF8.self)
    }

    private func long(_ raw: UnsafeRawBufferPointer) -> PickleValue {
        guard !raw.isEmpty else { return .int(0) }
        guard raw.count <= 8 else { return .bigInt(Array(raw)) }
        var v: UInt64 = 0
        for (i, b) in raw.enumerated() { v |= UInt64(b) << (8 * UInt64(i)) }
        // Sign-extend from the top byte.
        let bits = raw.count * 8
        if bits < 64, v & (1 << UInt64(bits - 1)) != 0 { v |= ~0 << UInt64(bits) }
        return .int(Int64(bitPattern: v))
    }

    // MARK: - Stack and memo

    private mutating func push(_ v: PickleValue) throws(CheckpointError) {
        guard stack.count < limits.maxStackDepth else { throw limit("pickle stack") }
        stack.append(v)
    }

    private mutating func pop() throws(CheckpointError) -> PickleValue {
        guard let v = stack.popLast() else { throw malformed("stack underflow") }
        if let m = marks.last, stack.count < m { throw malformed("stack underflow past a MARK") }
        return v
    }

    private func top() throws(CheckpointError) -> PickleValue {
        guard let v = stack.last else { throw malformed("stack underflow") }
        return v
    }

    private mutating func popMark() throws(CheckpointError) -> [PickleValue] {
        guard let m = marks.popLast(), m <= stack.count else { throw malformed("no MARK") }
        let items = Array(stack[m...])
        stack.removeSubrange(m...)
        return items
    }

    private mutating func put(_ i: Int) throws(CheckpointError) {
        guard memo.count < limits.maxMemoEntries || memo[i] != nil else { throw limit("pickle memo") }
        memo[i] = try top()
    }

    private mutating func get(_ i: Int) throws(CheckpointError) {
        guard let v = memo[i] else { throw malformed("memo key \(i) missing") }
        try push(v)
    }

    // MARK: - Objects

    private func makeDict(_ items: [PickleValue]) throws(CheckpointError) -> PickleDict {
        let d = PickleDict()
        try fill(d, items)
        return d
    }

    private func fill(_ d: PickleDict, _ items: [PickleValue]) throws(CheckpointError) {
        guard items.count % 2 == 0 else { throw malformed("odd number of dict items") }
        var i = 0
        while i < items.count {
            d.set(items[i], items[i + 1])
            i += 2
        }
    }

    /// Module prefixes and builtins only exploits reference: refused outright.
    private static let forbiddenModules: Set<String> = [
        "os", "posix", "nt", "subprocess", "sys", "shutil", "socket", "importlib", "runpy", "pty",
        "pickle", "_pickle", "marshal", "ctypes", "code", "codeop", "webbrowser", "functools",
        "operator", "types", "io", "pathlib", "platform", "multiprocessing", "asyncio", "signal",
        "tempfile", "commands", "popen2", "timeit", "pdb", "bdb", "shelve", "dill", "imp",
    ]
    private static let harmlessBuiltins: Set<String> = [
        "set", "frozenset", "list", "dict", "tuple", "slice", "complex", "range", "bytearray", "bytes",
        "int", "float", "str", "bool", "object",
    ]

    private func global(_ module: String, _ name: String) throws(CheckpointError) -> PickleValue {
        let root = module.split(separator: ".").first.map(String.init) ?? module
        let isBuiltin = module == "builtins" || module == "__builtin__"
        if Self.forbiddenModules.contains(root) || (isBuiltin && !Self.harmlessBuiltins.contains(name)) {
            throw CheckpointError(
                .unknownGlobal, file: file,
                "the pickle references the forbidden global \(module).\(name), which only a malicious "
                    + "file would do; it was not executed. Do not load this file with torch.load")
        }
        return .global(module: module, name: name)
    }

    /// Applies a callable to its arguments without executing anything.
    private func call(_ callable: PickleValue, args: PickleValue) throws(CheckpointError) -> PickleValue {
        let (module, name): (String, String)
        switch callable {
        case .global(let m, let n): (module, name) = (m, n)
        case .opaque(let n): return .opaque(n)
        default: throw malformed("REDUCE on a value that is not a global")
        }
        let argv = args.sequence ?? []
        switch (module, name) {
        case ("collections", "OrderedDict"), ("builtins", "dict"), ("__builtin__", "dict"):
            // OrderedDict() then SETITEMS; tolerate OrderedDict([(k, v), ...]) too.
            let d = PickleDict()
            if let pairs = argv.first?.sequence {
                for p in pairs {
                    if let kv = p.sequence, kv.count == 2 { d.set(kv[0], kv[1]) }
                }
            }
            return .dict(d)
        case ("torch._utils", "_rebuild_tensor_v2"), ("torch._utils", "_rebuild_tensor"):
            return .tensor(try rebuildTensor(argv))
        case ("torch._utils", "_rebuild_parameter"), ("torch._utils", "_rebuild_parameter_with_state"):
            guard let first = argv.first, case .tensor = first else {
                throw malformed("_rebuild_parameter without a tensor")
            }
            return first
        case ("torch", "Size"):
            return .tuple(argv.first?.sequence ?? [])
        case ("builtins", "set"), ("__builtin__", "set"), ("builtins", "frozenset"), ("__builtin__", "frozenset"):
            return .set(PickleList(argv.first?.sequence ?? []))
        default:
            return .opaque("\(module).\(name)")
        }
    }

    private func rebuildTensor(_ a: [PickleValue]) throws(CheckpointError) -> TensorReference {
        guard a.count >= 4, case .storage(let storage) = a[0] else {
            throw malformed("_rebuild_tensor_v2 without a storage")
        }
        guard let offset = a[1].int, let sizeItems = a[2].sequence, let strideItems = a[3].sequence else {
            throw malformed("_rebuild_tensor_v2 with malformed offset, size or stride")
        }
        var shape: [Int] = [], strides: [Int] = []
        for s in sizeItems {
            guard let v = s.int else { throw malformed("non-integer tensor size") }
            shape.append(v)
        }
        for s in strideItems {
            guard let v = s.int else { throw malformed("non-integer tensor stride") }
            strides.append(v)
        }
        return TensorReference(storage: storage, offset: offset, shape: shape, strides: strides)
    }

    /// ("storage", StorageClass, key, location, numel[, view_metadata]) -> a storage reference.
    private func persistentLoad(_ pid: PickleValue) throws(CheckpointError) -> PickleValue {
        guard let t = pid.sequence, t.count >= 5, t[0].string == "storage" else {
            throw malformed("unsupported persistent id (expected a (\"storage\", ...) tuple)")
        }
        guard case .global(let module, let name) = t[1] else {
            throw malformed("persistent id without a storage class")
        }
        guard let dtype = DType(torchName: name) else {
            throw CheckpointError(.unsupportedDType, file: file,
                                  "unsupported storage type \(module).\(name); convert the tensor to a float or integer dtype")
        }
        // Keys are strings in torch's writers; accept integers too.
        let key: String
        if let s = t[2].string { key = s } else if let i = t[2].int { key = String(i) } else {
            throw malformed("persistent id with a malformed storage key")
        }
        guard let numel = t[4].int, numel >= 0 else { throw malformed("persistent id with a malformed element count") }
        var viewOffset = 0, viewCount = numel
        // Legacy storage views: (view_key, offset, size) into the root storage.
        if t.count >= 6, let view = t[5].sequence {
            guard view.count == 3, let o = view[1].int, let n = view[2].int, o >= 0, n >= 0 else {
                throw malformed("malformed storage view metadata")
            }
            (viewOffset, viewCount) = (o, n)
        }
        return .storage(StorageReference(dtype: dtype, key: key, elementCount: numel,
                                         viewOffset: viewOffset, viewCount: viewCount))
    }

    // MARK: - Errors

    private func malformed(_ what: String) -> CheckpointError {
        CheckpointError(.badHeader, file: file, "malformed pickle at byte \(pos): \(what)")
    }

    private func limit(_ what: String) -> CheckpointError {
        CheckpointError(.limitExceeded, file: file, "\(what) exceeds its bound (see CheckpointLimits)")
    }

    private func ranOut() -> CheckpointError {
        if limitedBySize {
            return CheckpointError(.limitExceeded, file: file,
                                   "pickle larger than \(limits.maxPickleBytes) bytes (CheckpointLimits.maxPickleBytes)")
        }
        return CheckpointError(.truncated, file: file,
                               "the file ends inside a pickle (byte \(pos) of \(bytes.count)); it is truncated, download or copy it again")
    }
}
