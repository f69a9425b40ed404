/// How a checkpoint's tensors compare with one known ``ModelLayout``: the architecture read off
/// the shapes as that layout names things, every tensor such a model holds, and the
/// differences. A checkpoint is in a layout when nothing is missing, unexpected or misshapen
/// (BatchNorm's `num_batches_tracked` is ignored: some writers keep it, some do not).
public struct LayoutMatch: Sendable {
    /// A tensor the layout needs, with the shape it needs.
    public struct Tensor: Sendable, Equatable {
        public let name: String
        public let shape: [Int]
    }

    /// A tensor with the layout's name and another shape.
    public struct Misshapen: Sendable, Equatable {
        public let name: String
        public let expected: [Int]
        public let found: [Int]
    }

    public let layout: ModelLayout
    /// The tensors the layout needs that the checkpoint lacks, in the layout's order.
    public let missing: [Tensor]
    /// The checkpoint's tensors the layout has no place for, in the checkpoint's order.
    public let unexpected: [String]
    /// Tensors present under the layout's name with the wrong shape.
    public let misshapen: [Misshapen]
    /// Tensors present with the expected name and shape.
    public let matched: Int

    /// Compares `shapes` (names already in their current spelling, see
    /// ``StateDictNames/canonicalName(_:)``) with what a model of `config` holds; `order` lists
    /// the names in the checkpoint's order (for "the first unexpected tensor").
    init(layout: ModelLayout, config: ModelConfig, shapes: [String: [Int]], order: [String]) {
        self.layout = layout
        var missing: [Tensor] = [], misshapen: [Misshapen] = [], matched = 0
        var expectedNames = Set<String>()
        for (name, shape) in StateDictLayout.expectedShapes(of: config) {
            expectedNames.insert(name)
            guard let found = shapes[name] else { missing.append(Tensor(name: name, shape: shape)); continue }
            if found == shape || (found.reduce(1, *) == shape.reduce(1, *) && found.count != shape.count) {
                matched += 1
            } else {
                misshapen.append(Misshapen(name: name, expected: shape, found: found))
            }
        }
        self.missing = missing
        self.misshapen = misshapen
        self.matched = matched
        unexpected = order.filter { !expectedNames.contains($0) && !Self.isIgnored($0) }
    }

    /// BatchNorm's step counter, which carries no weights.
    static func isIgnored(_ name: String) -> Bool { name.hasSuffix(".num_batches_tracked") }

    /// Whether the checkpoint is exactly in this layout.
    public var isExact: Bool { missing.isEmpty && unexpected.isEmpty && misshapen.isEmpty }

    /// The checkpoint's tensors that have a place in the layout (with the right shape or not).
    public var explained: Int { matched + misshapen.count }

    /// Whether the checkpoint comes closer to this layout than to `other`'s: more of its
    /// tensors have a place here, or as many and fewer are missing, or as many and more shapes agree.
    public func isCloser(than other: LayoutMatch) -> Bool {
        if explained != other.explained { return explained > other.explained }
        if missing.count != other.missing.count { return missing.count < other.missing.count }
        return matched > other.matched
    }

    /// The differences, for people: counts and the first few names of each kind.
    public var differences: String {
        func shape(_ s: [Int]) -> String { "[" + s.map(String.init).joined(separator: ", ") + "]" }
        func listed<T>(_ items: [T], _ what: String, _ text: (T) -> String) -> String? {
            guard !items.isEmpty else { return nil }
            let shown = items.prefix(3).map(text).joined(separator: ", ")
            return "\(items.count) \(what) (\(items.count > 3 ? "first: " : "")\(shown)\(items.count > 3 ? ", ..." : ""))"
        }
        let parts = [
            listed(missing, "missing", { "\($0.name) \(shape($0.shape))" }),
            listed(unexpected, "unexpected", { $0 }),
            listed(misshapen, "with another shape", { "\($0.name) \(shape($0.found)), expected \(shape($0.expected))" }),
        ].compactMap { $0 }
        return parts.isEmpty ? "no differences" : parts.joined(separator: "; ")
    }
}
