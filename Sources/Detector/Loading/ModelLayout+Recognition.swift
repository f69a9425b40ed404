extension ModelLayout {
    /// `shapes` with every name in its current spelling (``StateDictNames/canonicalName(_:)``).
    static func canonicalShapes(_ shapes: [String: [Int]]) -> [String: [Int]] {
        Dictionary(shapes.map { (StateDictNames.canonicalName($0.key), $0.value) }, uniquingKeysWith: { a, _ in a })
    }

    /// How `shapes` (canonical names) compare with every known layout, in ``allCases`` order.
    /// Each layout is judged as the architecture its own names reveal (widths, depths, class
    /// count, optional outputs), with `metadata` applied where it parses (anchors, for one).
    static func matches(shapes: [String: [Int]], order: [String], metadata: [String: String] = [:]) -> [LayoutMatch] {
        allCases.map { layout in
            var config = ModelConfig(architecture: ArchitectureSummary(shapes: shapes, layout: layout), layout: layout)
            if !metadata.isEmpty { try? config.apply(metadata: metadata) }
            return LayoutMatch(layout: layout, config: config, shapes: shapes, order: order)
        }
    }

    /// The layout `shapes` are in.
    /// - Parameters:
    ///   - shapes: tensor names and shapes (older torchvision spellings are accepted).
    ///   - order: the names in the checkpoint's order, for "the first unexpected tensor";
    ///     by default sorted.
    ///   - source: the file, for the error message.
    /// - Throws: ``UnrecognizedLayout`` naming the closest layout and the first differences.
    public static func recognize(shapes: [String: [Int]], order: [String]? = nil, metadata: [String: String] = [:],
                                 source: String) throws(UnrecognizedLayout) -> ModelLayout {
        let canonical = canonicalShapes(shapes)
        let names = (order ?? shapes.keys.sorted()).map(StateDictNames.canonicalName)
        let all = matches(shapes: canonical, order: names, metadata: metadata)
        if let exact = all.first(where: \.isExact) { return exact.layout }
        throw UnrecognizedLayout(source: source, closest: closest(all))
    }

    /// The match the tensors come closest to (the first of equals, in ``allCases`` order).
    static func closest(_ matches: [LayoutMatch]) -> LayoutMatch {
        matches.dropFirst().reduce(matches[0]) { best, next in next.isCloser(than: best) ? next : best }
    }
}
