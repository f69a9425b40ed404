/// A value produced by the restricted pickle machine.
///
/// Mutable Python containers (list, dict, set) are reference types so that memoized copies
/// see later APPENDs / SETITEMs, as in Python. Nothing here ever runs code: globals stay
/// names, and objects built from unknown globals become `.opaque`.
indirect enum PickleValue {
    case none
    case bool(Bool)
    case int(Int64)
    /// An integer too wide for Int64: its little-endian two's-complement bytes.
    case bigInt([UInt8])
    case float(Double)
    case string(String)
    /// Raw bytes; only the length is kept (checkpoints never need their contents).
    case bytes(count: Int)
    case tuple([PickleValue])
    case list(PickleList)
    case dict(PickleDict)
    case set(PickleList)
    /// A `module.name` reference pushed by GLOBAL / STACK_GLOBAL.
    case global(module: String, name: String)
    /// A storage named by a persistent id.
    case storage(StorageReference)
    /// A tensor rebuilt by `torch._utils._rebuild_tensor_v2`.
    case tensor(TensorReference)
    /// An object built from a global the loader does not understand (its qualified name).
    case opaque(String)

    var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    var int: Int? {
        switch self {
        case .int(let i): return Int(exactly: i)
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }

    /// Tuple or list items.
    var sequence: [PickleValue]? {
        switch self {
        case .tuple(let items): return items
        case .list(let list): return list.items
        default: return nil
        }
    }

    var dict: PickleDict? {
        if case .dict(let d) = self { return d }
        return nil
    }
}

/// A mutable Python container; ``clear()`` breaks reference cycles a hostile pickle may build
/// (a list appended to itself), which ARC alone would leak.
protocol PickleContainer: AnyObject {
    func clear()
}

/// A Python list or set under construction.
final class PickleList: PickleContainer {
    var items: [PickleValue]
    init(_ items: [PickleValue] = []) { self.items = items }
    func clear() { items = [] }
}

/// A Python dict (or OrderedDict): insertion-ordered; string keys are indexed.
final class PickleDict: PickleContainer {
    private(set) var entries: [(key: PickleValue, value: PickleValue)] = []
    private var index: [String: Int] = [:]

    func set(_ key: PickleValue, _ value: PickleValue) {
        if case .string(let s) = key {
            if let i = index[s] {
                entries[i].value = value
                return
            }
            index[s] = entries.count
        }
        entries.append((key, value))
    }

    func clear() {
        entries = []
        index = [:]
    }

    subscript(key: String) -> PickleValue? {
        guard let i = index[key] else { return nil }
        return entries[i].value
    }
}

/// A storage as a persistent id describes it: ("storage", class, key, location, numel[, view]).
struct StorageReference {
    let dtype: DType
    let key: String
    /// Elements the storage holds, as the persistent id claims.
    let elementCount: Int
    /// For legacy storage views: the element offset into the root storage.
    let viewOffset: Int
    /// Elements visible through the view (== elementCount without a view).
    let viewCount: Int
}

/// A tensor view of a storage, unvalidated.
struct TensorReference {
    let storage: StorageReference
    let offset: Int
    let shape: [Int]
    let strides: [Int]
}
