/// What the machine makes of globals, calls and persistent ids: the loader's security policy.
/// Nothing here imports or runs anything; a global stays a name, and a call to one the loader
/// does not understand becomes an opaque value.
extension PickleMachine {
    /// Module prefixes and builtins only exploits reference: refused outright.
    private static let forbiddenModules: Set<String> = [
        "os", "posix", "nt", "subprocess", "sys", "shutil", "socket", "importlib", "runpy", "pty",
        "pickle", "_pickle", "marshal", "ctypes", "code", "codeop", "webbrowser", "functools",
        "operator", "types", "io", "pathlib", "platform", "multiprocessing", "asyncio", "signal",
        "tempfile", "commands", "popen2", "timeit", "pdb", "bdb", "shelve", "dill", "imp",
    ]
    /// Builtins that construct plain values (harmless to name, as nothing is called).
    private static let harmlessBuiltins: Set<String> = [
        "set", "frozenset", "list", "dict", "tuple", "slice", "complex", "range", "bytearray", "bytes",
        "int", "float", "str", "bool", "object",
    ]

    /// The value of GLOBAL / STACK_GLOBAL `module.name`; refuses modules only exploits name.
    func global(_ module: String, _ name: String) throws(CheckpointError) -> PickleValue {
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
    func call(_ callable: PickleValue, args: PickleValue) throws(CheckpointError) -> PickleValue {
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

    /// The view `_rebuild_tensor_v2(storage, storage_offset, size, stride, ...)` describes.
    private func rebuildTensor(_ a: [PickleValue]) throws(CheckpointError) -> TensorReference {
        guard a.count >= 4, case .storage(let storage) = a[0] else {
            throw malformed("_rebuild_tensor_v2 without a storage")
        }
        guard let offset = a[1].int, let sizeItems = a[2].sequence, let strideItems = a[3].sequence else {
            throw malformed("_rebuild_tensor_v2 with malformed offset, size or stride")
        }
        let shape = try integers(sizeItems, else: "non-integer tensor size")
        let strides = try integers(strideItems, else: "non-integer tensor stride")
        return TensorReference(storage: storage, offset: offset, shape: shape, strides: strides)
    }

    /// The items as integers; `problem` describes the failure if one is not an integer.
    private func integers(_ items: [PickleValue], else problem: String) throws(CheckpointError) -> [Int] {
        var values: [Int] = []
        values.reserveCapacity(items.count)
        for item in items {
            guard let v = item.int else { throw malformed(problem) }
            values.append(v)
        }
        return values
    }

    /// ("storage", StorageClass, key, location, numel[, view_metadata]) -> a storage reference.
    func persistentLoad(_ pid: PickleValue) throws(CheckpointError) -> PickleValue {
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
}
