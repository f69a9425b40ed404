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
    /// The file named in errors.
    let file: String
    private let limits: CheckpointLimits
    private var input: PickleInput
    private var stack: [PickleValue] = []
    private var marks: [Int] = []
    private var memo: [Int: PickleValue] = [:]
    /// Every storage a persistent id named, across all pickles run (legacy files need the
    /// element size of each key, including storages of tensors outside the state_dict).
    private(set) var storageTypes: [String: DType] = [:]
    /// Every container created, so ``releaseContainers()`` can break cycles.
    private var containers: [any PickleContainer] = []

    init(bytes: UnsafeRawBufferPointer, file: String, limits: CheckpointLimits) {
        self.file = file
        self.limits = limits
        self.input = PickleInput(bytes: bytes, file: file, maxBytes: limits.maxPickleBytes)
    }

    /// Runs one pickle starting at byte `start`; returns its value and the offset after STOP.
    mutating func run(from start: Int) throws(CheckpointError) -> (value: PickleValue, end: Int) {
        stack.removeAll(keepingCapacity: true)
        marks.removeAll()
        memo.removeAll()
        try input.start(at: start)
        while true {
            if let value = try step(try nextOpcode()) { return (value, input.position) }
        }
    }

    /// Empties every container this machine created; call once the values are no longer needed.
    mutating func releaseContainers() {
        for c in containers { c.clear() }
        containers = []
    }

    // MARK: - Opcodes

    /// Reads the next opcode, refusing any the machine does not implement.
    private mutating func nextOpcode() throws(CheckpointError) -> PickleOpcode {
        let offset = input.position
        let byte = try input.byte()
        guard let opcode = PickleOpcode(rawValue: byte) else {
            throw CheckpointError(
                .unknownOpcode, file: file,
                "unsupported pickle opcode 0x\(String(byte, radix: 16)) at byte \(offset); "
                    + "the restricted loader only reads what torch.save writes (re-save the checkpoint "
                    + "with torch.save, or convert it to safetensors)")
        }
        return opcode
    }

    /// Carries out one opcode and its operands; returns the pickle's value at STOP.
    private mutating func step(_ opcode: PickleOpcode) throws(CheckpointError) -> PickleValue? {
        switch opcode {
        case .proto: try checkProtocol()
        case .frame: _ = try input.read(8) // a length we do not need: we read in place
        case .stop: return try result()
        case .mark: try pushMark()
        case .pop: try popTopOrMark()
        case .popMark: _ = try popMark()
        case .dup: try push(try top())
        case .noneValue: try push(.none)
        case .newTrue: try push(.bool(true))
        case .newFalse: try push(.bool(false))
        case .binInt: try push(.int(Int64(Int32(bitPattern: try input.uint(4)))))
        case .binInt1: try push(.int(Int64(try input.byte())))
        case .binInt2: try push(.int(Int64(try input.uint(2))))
        case .long1: try push(Self.long(try input.read(Int(try input.byte()))))
        case .long4: try push(Self.long(try input.read(try input.signedLength(of: "LONG4"))))
        case .binFloat: try push(.float(try input.bigEndianDouble()))
        case .binUnicode: try push(.string(try input.text(Int(try input.uint(4)))))
        case .shortBinUnicode, .shortBinString: try push(.string(try input.text(Int(try input.byte()))))
        case .binUnicode8: try push(.string(try input.text(try input.length8())))
        case .binString: try push(.string(try input.text(try input.signedLength(of: "BINSTRING"))))
        case .binBytes: try push(.bytes(count: try input.read(Int(try input.uint(4))).count))
        case .shortBinBytes: try push(.bytes(count: try input.read(Int(try input.byte())).count))
        case .binBytes8, .byteArray8: try push(.bytes(count: try input.read(try input.length8()).count))
        case .emptyTuple: try push(.tuple([]))
        case .tuple: try push(.tuple(try popMark()))
        case .tuple1: try push(.tuple(try pop(1)))
        case .tuple2: try push(.tuple(try pop(2)))
        case .tuple3: try push(.tuple(try pop(3)))
        case .emptyList: try pushNew(.list(PickleList()))
        case .list: try pushNew(.list(PickleList(try popMark())))
        case .append: try append()
        case .appends: try appendMarked()
        case .emptyDict: try pushNew(.dict(PickleDict()))
        case .dict: try pushNew(.dict(try makeDict(try popMark())))
        case .setItem: try setItem()
        case .setItems: try setMarkedItems()
        case .emptySet: try pushNew(.set(PickleList()))
        case .addItems: try addMarkedItems()
        case .frozenSet: try pushNew(.set(PickleList(try popMark())))
        case .global: try pushGlobal()
        case .stackGlobal: try pushStackGlobal()
        case .reduce, .newObj: try reduce()
        case .newObjEx: try reduceIgnoringKeywords()
        case .build: try build()
        case .binPersID: try loadPersistentID()
        case .binPut: try put(Int(try input.byte()))
        case .longBinPut: try put(Int(try input.uint(4)))
        case .memoize: try put(memo.count)
        case .binGet: try get(Int(try input.byte()))
        case .longBinGet: try get(Int(try input.uint(4)))
        }
        return nil
    }

    private mutating func checkProtocol() throws(CheckpointError) {
        let proto = try input.byte()
        guard proto <= 5 else { throw malformed("unsupported pickle protocol \(proto)") }
    }

    /// STOP: the value on top of the stack.
    private mutating func result() throws(CheckpointError) -> PickleValue {
        guard let value = stack.popLast() else { throw malformed("STOP with an empty stack") }
        return value
    }

    private mutating func pushMark() throws(CheckpointError) {
        guard marks.count < limits.maxStackDepth else { throw limit("pickle mark stack") }
        marks.append(stack.count)
    }

    /// POP with an empty stack pops the mark, as in CPython.
    private mutating func popTopOrMark() throws(CheckpointError) {
        guard stack.popLast() == nil else { return }
        guard marks.popLast() != nil else { throw malformed("POP with an empty stack") }
    }

    private mutating func append() throws(CheckpointError) {
        let item = try pop()
        guard case .list(let list) = try top() else { throw malformed("APPEND to a non-list") }
        list.items.append(item)
    }

    private mutating func appendMarked() throws(CheckpointError) {
        let items = try popMark()
        guard case .list(let list) = try top() else { throw malformed("APPENDS to a non-list") }
        list.items.append(contentsOf: items)
    }

    private mutating func setItem() throws(CheckpointError) {
        let value = try pop(), key = try pop()
        guard case .dict(let d) = try top() else { throw malformed("SETITEM on a non-dict") }
        d.set(key, value)
    }

    private mutating func setMarkedItems() throws(CheckpointError) {
        let items = try popMark()
        guard case .dict(let d) = try top() else { throw malformed("SETITEMS on a non-dict") }
        try fill(d, items)
    }

    private mutating func addMarkedItems() throws(CheckpointError) {
        let items = try popMark()
        guard case .set(let s) = try top() else { throw malformed("ADDITEMS on a non-set") }
        s.items.append(contentsOf: items)
    }

    /// GLOBAL: "module\nname\n".
    private mutating func pushGlobal() throws(CheckpointError) {
        let module = try input.line(), name = try input.line()
        try push(try global(module, name))
    }

    private mutating func pushStackGlobal() throws(CheckpointError) {
        let name = try pop(), module = try pop()
        guard let m = module.string, let n = name.string else { throw malformed("STACK_GLOBAL needs two strings") }
        try push(try global(m, n))
    }

    /// REDUCE and NEWOBJ: a callable (or class) and its argument tuple.
    private mutating func reduce() throws(CheckpointError) {
        let args = try pop(), callable = try pop()
        try pushNew(try call(callable, args: args))
    }

    /// NEWOBJ_EX: NEWOBJ with keyword arguments, which no object we keep takes.
    private mutating func reduceIgnoringKeywords() throws(CheckpointError) {
        _ = try pop()
        try reduce()
    }

    /// BUILD: object state; nothing we keep needs it (OrderedDict._metadata, ...).
    private mutating func build() throws(CheckpointError) {
        _ = try pop()
        _ = try top()
    }

    /// BINPERSID: a storage, whose dtype is remembered by key.
    private mutating func loadPersistentID() throws(CheckpointError) {
        let storage = try persistentLoad(try pop())
        if case .storage(let ref) = storage { storageTypes[ref.key] = ref.dtype }
        try push(storage)
    }

    /// LONG1 / LONG4: a little-endian two's-complement integer.
    private static func long(_ raw: UnsafeRawBufferPointer) -> PickleValue {
        guard !raw.isEmpty else { return .int(0) }
        guard raw.count <= 8 else { return .bigInt(Array(raw)) }
        var v = PickleInput.littleEndian(raw)
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

    /// Pushes a value, remembering it if it is a new container.
    private mutating func pushNew(_ v: PickleValue) throws(CheckpointError) {
        switch v {
        case .list(let c), .set(let c): containers.append(c)
        case .dict(let d): containers.append(d)
        default: break
        }
        try push(v)
    }

    private mutating func pop() throws(CheckpointError) -> PickleValue {
        guard let v = stack.popLast() else { throw malformed("stack underflow") }
        if let m = marks.last, stack.count < m { throw malformed("stack underflow past a MARK") }
        return v
    }

    /// The top `count` values, bottom first.
    private mutating func pop(_ count: Int) throws(CheckpointError) -> [PickleValue] {
        var values: [PickleValue] = []
        for _ in 0 ..< count { values.append(try pop()) }
        return values.reversed()
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

    // MARK: - Errors

    /// A malformed-pickle error naming the current byte.
    func malformed(_ what: String) -> CheckpointError {
        input.malformed(what)
    }

    private func limit(_ what: String) -> CheckpointError {
        CheckpointError(.limitExceeded, file: file, "\(what) exceeds its bound (see CheckpointLimits)")
    }
}
