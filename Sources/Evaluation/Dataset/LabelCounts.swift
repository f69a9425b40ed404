/// How many detections got each ``DetectionLabel/Kind`` (tp and TIDE's error types), and how
/// many ground-truth boxes were missed (`.miss`), for one image or a whole dataset.
public struct LabelCounts: Sendable, Hashable {
    private var storage = SIMD8<Int32>()

    /// All zero.
    public init() {}

    /// The counts of `dictionary`; kinds it lacks are zero.
    public init(_ dictionary: [DetectionLabel.Kind: Int]) {
        for (kind, count) in dictionary { self[kind] = count }
    }

    private static func slot(_ kind: DetectionLabel.Kind) -> Int {
        switch kind {
        case .tp: 0
        case .cls: 1
        case .loc: 2
        case .both: 3
        case .dupe: 4
        case .bkg: 5
        case .miss: 6
        }
    }

    /// The count of `kind`.
    public subscript(kind: DetectionLabel.Kind) -> Int {
        get { Int(storage[Self.slot(kind)]) }
        set { storage[Self.slot(kind)] = Int32(clamping: newValue) }
    }

    /// The errors: every kind but `.tp`, misses included.
    public var errors: Int { Int(storage.wrappedSum() - storage[0]) }

    /// The count of `kind`, or of every error when `kind` is nil.
    public func count(of kind: DetectionLabel.Kind?) -> Int {
        kind.map { self[$0] } ?? errors
    }

    /// The non-zero counts by kind (the form ``ImageErrors``' `counts` takes).
    public var dictionary: [DetectionLabel.Kind: Int] {
        var out: [DetectionLabel.Kind: Int] = [:]
        for kind in DetectionLabel.Kind.allCases where self[kind] != 0 { out[kind] = self[kind] }
        return out
    }

    /// Adds `other`'s counts to these.
    public static func += (lhs: inout LabelCounts, rhs: LabelCounts) {
        lhs.storage &+= rhs.storage
    }
}
